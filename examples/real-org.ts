/**
 * Pointing the same code at a real org: the only difference from the emulator is the org URL and
 * the credential. `DefaultAzureCredential` finds a token from the environment (a service
 * principal's AZURE_CLIENT_ID / AZURE_TENANT_ID / AZURE_CLIENT_SECRET, a managed identity, or the
 * Azure CLI login); the client asks it for the scope `<org>/.default` on every attempt.
 *
 * Run: `JOURNEY_ORG_URL=https://contoso.crm4.dynamics.com node --import tsx examples/real-org.ts`
 * (without JOURNEY_ORG_URL it prints what to set and exits with code 2).
 */
import { DefaultAzureCredential } from '@azure/identity';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createJourneyClient } from '@customer-journey/client';
import { eventInvitation } from './journeys/event-invitation.js';

export async function pushToOrg(orgUrl: string): Promise<void> {
  const client = createJourneyClient({ orgUrl, credential: new DefaultAzureCredential(), retry: { limit: 6 } });

  const check = await client.validate(eventInvitation); // the org's own Check for Errors
  if (check.Result === 'Error') throw new Error(`The org found errors: ${JSON.stringify(check.ActivityValidationResults)}`);

  const { id, action } = await client.push(eventInvitation);
  console.log(`${action} ${eventInvitation.settings.name} (${id})`);
}

/** What to set, printed when the example runs without it. */
export const USAGE = `Usage: JOURNEY_ORG_URL=<org url> node --import tsx examples/real-org.ts

Checks examples/journeys/event-invitation.ts with the org's Check for Errors, then pushes it.

Set:
  JOURNEY_ORG_URL   the org, such as https://contoso.crm4.dynamics.com
and sign in where DefaultAzureCredential looks: a service principal in AZURE_CLIENT_ID,
AZURE_TENANT_ID and AZURE_CLIENT_SECRET, a managed identity, or your Azure CLI login (az login).

Example:
  JOURNEY_ORG_URL=https://contoso.crm4.dynamics.com node --import tsx examples/real-org.ts

Microsoft removed outbound marketing from Dynamics 365 in May 2026: reading journeys from an org
probably still works, writing to one probably does not. pnpm demo runs the same steps against
the embedded emulator.
`;

// Run directly (not imported by a test): push, or say what is missing.
if (process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const orgUrl = process.env['JOURNEY_ORG_URL'];
  if (orgUrl === undefined || orgUrl === '') {
    process.stderr.write(USAGE);
    process.exitCode = 2;
  } else {
    await pushToOrg(orgUrl);
  }
}
