/**
 * Plan benchmark: `planJourney` for a 10,000-tile journey against an unchanged stored copy, side by
 * side with `parseWorkflowDefinition` of the stored definition, in one run.
 *
 * The plan is measured as `client.plan` makes it once the record has arrived: the record read into
 * a journey (`fromEntity`, which parses the definition), the tiles reconciled with the stored ones,
 * every tile compared, the status rules applied. A second figure leaves the parse out.
 */
import { fromEntity, parseWorkflowDefinition, planJourney, toEntity, type JourneyRecord } from '@customer-journey/client';
import { sideBySide, verdict } from './measure.js';
import { fanOutJourney } from './shape.js';

const ID = '6628bbf7-c52a-e911-a9b7-000d3a1e6adc';

/** Prints the plan figures: the whole plan, then the plan of a record already read, each against the parse. */
export async function benchPlan(line: (label: string, value: string) => void, ms: (x: number) => string): Promise<void> {
  console.log('\n## Plan (10,000 tiles, against an unchanged stored copy)');
  const local = fanOutJourney(10_000);
  const entity: Record<string, unknown> = { ...toEntity(local), msdyncrm_customerjourneyid: ID, statuscode: 192350000, '@odata.etag': 'W/"1001"' };
  const definition = entity['msdyncrm_workflowdefinition'] as string;
  const state = entity['msdyncrm_customerjourneydesignerstate'] as string;
  const record = (): JourneyRecord => ({ id: ID, etag: 'W/"1001"', statusCode: 192350000, status: 'Draft', journey: fromEntity(entity), entity });
  const context = { baseId: ID, version: 1, now: Date.now() };
  const check = planJourney(local, record(), {}, context);
  if (check.action !== 'unchanged') throw new Error(`the plan of an unchanged journey is ${check.action}`);

  const full = await sideBySide(() => planJourney(local, record(), {}, context), () => parseWorkflowDefinition(definition, state));
  line('plan, reading the record included', ms(full.a.medianMs));
  line('parseWorkflowDefinition of the stored definition', ms(full.b.medianMs));
  line('ratio', verdict(full.ratio, 2));

  const parsed = record();
  const core = await sideBySide(() => planJourney(local, parsed, {}, context), () => parseWorkflowDefinition(definition, state));
  line('plan of a record already read (reconcile, compare, decide)', ms(core.a.medianMs));
  line('parseWorkflowDefinition of the stored definition', ms(core.b.medianMs));
  line('ratio', verdict(core.ratio, 1));
}
