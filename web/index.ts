/**
 * Web UI: policymaker dashboards, the custodian review desk and the researcher workbench, served at `/` by the
 * enclave app, into which `cli/` mounts it with `webUi(pool)`. The UI sits above the enclave: it reads the API
 * contract's types and signs in through the enclave's public functions. Sign-in exchanges an API token for an
 * HttpOnly, SameSite=Strict session cookie; state-changing requests made with the cookie must carry the session's
 * CSRF token (`X-CSRF-Token`).
 */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('web', import.meta.url);

export { buildClientBundle } from './server/bundle.ts';

export { webUi } from './server/enclave-hooks.ts';
/** @internal the districts the map is drawn from, for the web test fixture. */
export { DISTRICTS } from './geometry/districts.ts';
