/**
 * What the console says after a change it made: a page redirected to after a successful form
 * names the change in `?done=`, and only these fixed texts are ever shown (nothing is echoed).
 */
const NOTICES: Readonly<Record<string, string>> = Object.freeze({
  "tenant-created": "Tenant created. Next: create a SCIM token and give the endpoint URL to the identity provider.",
  "settings-saved": "Settings saved.",
  "settings-unchanged": "Nothing to save: the settings were already these.",
  "token-revoked": "Token revoked: it stops opening SCIM at once.",
  paused: "Provisioning paused: SCIM writes now answer 503.",
  resumed: "Provisioning resumed: SCIM writes are accepted again.",
  granted: "Role granted.",
  revoked: "Role revoked.",
  "role-created": "Role created.",
  nested: "Nesting added.",
  unnested: "Nesting removed.",
  "webhook-enabled": "Endpoint enabled: delivery resumes from the event it stopped at.",
  "webhook-disabled": "Endpoint disabled: events wait for it until it is enabled again.",
  "webhook-updated": "Endpoint saved: every delivery from now on uses this URL and these event types.",
  "webhook-deleted": "Endpoint deleted, with its deliveries.",
  "test-delivered": "Test message delivered.",
  "test-failed": "The test message was not delivered: see its attempt below.",
  "retry-delivered": "Delivery retried: delivered.",
  "retry-failed": "Delivery retried: it failed again, see its attempts below.",
});

/** The notice for `?done=`; undefined for none or an unknown one. */
export function noticeFor(done: unknown): string | undefined {
  return typeof done === "string" && Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
}
