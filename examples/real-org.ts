/**
 * Pointing the same code at a real org: the only difference from the emulator is the org URL and
 * the credential. `DefaultAzureCredential` finds a token from the environment (a service
 * principal's AZURE_CLIENT_ID / AZURE_TENANT_ID / AZURE_CLIENT_SECRET, a managed identity, or the
 * Azure CLI login); the client asks it for the scope `<org>/.default` on every attempt.
 *
 * Run: `JOURNEY_ORG_URL=https://contoso.crm4.dynamics.com node --import tsx examples/real-org.ts`
 */
import { DefaultAzureCredential } from '@azure/identity';
import { createJourneyClient } from '@customer-journey/client';
import { eventInvitation } from './journeys/event-invitation.js';

export async function pushToOrg(orgUrl: string): Promise<void> {
  const client = createJourneyClient({ orgUrl, credential: new DefaultAzureCredential(), retry: { limit: 6 } });

  const check = await client.validate(eventInvitation); // the org's own Check for Errors
  if (check.Result === 'Error') throw new Error(`The org found errors: ${JSON.stringify(check.ActivityValidationResults)}`);

  const { id, action } = await client.push(eventInvitation);
  console.log(`${action} ${eventInvitation.settings.name} (${id})`);
}

const orgUrl = process.env.JOURNEY_ORG_URL;
if (orgUrl && import.meta.url === `file://${process.argv[1]}`) await pushToOrg(orgUrl);
