/**
 * The builder implementation behind {@link JourneyBuilder} and {@link ChainBuilder}: an immutable
 * object holding one persistent list of steps. Each call adds one step node in O(1).
 *
 * @internal
 * @module
 */
import { JourneyBuildError, truncateName } from '../errors.js';
import type { DesignerState, JourneyTree } from '../model.js';
import { Materializer, cloneJson } from './materialize.js';
import { designerStateOverride, journeySettings } from './settings.js';
import type { Step, StepNode, TileSpec } from './steps.js';
import {
  activitySpec,
  branchCountProblem,
  customSpec,
  emailSpec,
  recordTileSpec,
  rootSpec,
  segmentSpec,
  splitTileSpec,
  triggerSpec,
  waitName,
  waitSpec,
} from './steps.js';
import type {
  ActivityOptions,
  BranchFn,
  ChainBuilder,
  CustomTileOptions,
  EmailOptions,
  EventOptions,
  JourneyBuilder,
  JourneyOptions,
  LandingPageOptions,
  LaunchWorkflowOptions,
  LinkedInCampaignOptions,
  MarketingFormOptions,
  SegmentOptions,
  SplitBranch,
  SurveyOptions,
  TileOptions,
  TriggerBranches,
  TriggerOptions,
  WaitOptions,
} from './types.js';

/** The journey a top-level builder belongs to; absent on branch chains. */
interface JourneyContext {
  readonly name: string;
  readonly options: JourneyOptions;
}

class BuilderImpl {
  // Set once by the constructor and never changed: a builder is immutable.
  readonly #journey: JourneyContext | undefined;
  readonly #last: StepNode | undefined;
  /** The step that ended the chain (`trigger`, `split`, `parallel`), if any. */
  readonly #endedBy: string | undefined;

  constructor(journey: JourneyContext | undefined, last: StepNode | undefined, endedBy: string | undefined) {
    this.#journey = journey;
    this.#last = last;
    this.#endedBy = endedBy;
  }

  /** The steps of a builder a branch callback returned. */
  static stepsOf(result: unknown, what: string): StepNode | undefined {
    if (!(result instanceof BuilderImpl) || result.#journey !== undefined) {
      throw new JourneyBuildError(`${what} must return the chain it was given (or one made from it), not ${describeValue(result)}`, {
        code: 'invalid-branch',
      });
    }
    return result.#last;
  }

  #add(step: Step, endedBy?: string): BuilderImpl {
    const ended = this.#endedBy;
    if (ended !== undefined) {
      throw new JourneyBuildError(
        `the chain ended with ${ended}; no tile can follow a trigger, split or parallel: add tiles inside its branches`,
        { code: 'chain-ended' },
      );
    }
    const last = this.#last;
    return new BuilderImpl(this.#journey, { step, prev: last, length: last === undefined ? 1 : last.length + 1 }, endedBy);
  }

  #tile(tile: TileSpec): BuilderImpl {
    return this.#add(tile);
  }

  segment(name: string, options: SegmentOptions): BuilderImpl {
    return this.#tile(segmentSpec(name, options ?? {}));
  }

  email(name: string, options: EmailOptions): BuilderImpl {
    return this.#tile(emailSpec(name, options ?? {}));
  }

  wait(nameOrOptions: string | WaitOptions, maybeOptions?: WaitOptions): BuilderImpl {
    const options = (typeof nameOrOptions === 'string' ? maybeOptions : nameOrOptions) ?? ({} as WaitOptions);
    // Without a name argument the wait is named after its duration, unless a raw name is given.
    const name = typeof nameOrOptions === 'string' ? nameOrOptions : options.rawName !== undefined ? '' : waitName(options.duration);
    return this.#tile(waitSpec(name, options));
  }

  trigger(name: string, options: TriggerOptions, branches: TriggerBranches = {}): BuilderImpl {
    const tile = triggerSpec(name, options ?? {});
    const yes = branches.yes === undefined ? undefined : runBranch(branches.yes, `the yes branch of trigger "${truncateName(name)}"`);
    const no = branches.no === undefined ? undefined : runBranch(branches.no, `the no branch of trigger "${truncateName(name)}"`);
    return this.#add({ kind: 'trigger', tile, yes, no }, `trigger "${truncateName(name)}"`);
  }

  split(name: string, branches: readonly SplitBranch[], options: TileOptions = {}): BuilderImpl {
    const list = Array.isArray(branches) ? branches : [];
    const splitter = splitTileSpec('Splitter', name, options);
    const tile: TileSpec = { ...splitter, problem: splitter.problem ?? branchCountProblem('split', list.length) };
    const made = list.map((branch: SplitBranch, i) => {
      const { then, name: branchName, ...branchOptions } = branch;
      return {
        tile: splitTileSpec('SplitterBranch', branchName, branchOptions),
        steps: then === undefined ? undefined : runBranch(then, `branch ${i} of split "${truncateName(name)}"`),
      };
    });
    return this.#add({ kind: 'split', tile, branches: made }, `split "${truncateName(name)}"`);
  }

  parallel(...branches: BranchFn[]): BuilderImpl {
    const made = branches.map((branch, i) => runBranch(branch, `parallel branch ${i}`));
    return this.#add({ kind: 'parallel', branches: made, problem: branchCountProblem('parallel', branches.length) }, 'parallel');
  }

  activity(name: string, options: ActivityOptions): BuilderImpl {
    return this.#tile(activitySpec(name, options ?? {}));
  }

  launchWorkflow(name: string, options: LaunchWorkflowOptions): BuilderImpl {
    return this.#tile(recordTileSpec('InvokeWorkflow', name, options ?? {}, { value: options?.workflowId, label: 'workflowId' }));
  }

  createLead(name: string, options: TileOptions = {}): BuilderImpl {
    return this.#tile(recordTileSpec('CreateLead', name, options));
  }

  event(name: string, options: EventOptions): BuilderImpl {
    return this.#tile(recordTileSpec('Event', name, options ?? {}, { value: options?.eventId, label: 'eventId' }));
  }

  landingPage(name: string, options: LandingPageOptions): BuilderImpl {
    return this.#tile(recordTileSpec('LandingPage', name, options ?? {}, { value: options?.pageId, label: 'pageId' }));
  }

  marketingForm(name: string, options: MarketingFormOptions): BuilderImpl {
    return this.#tile(recordTileSpec('MarketingForm', name, options ?? {}, { value: options?.formId, label: 'formId' }));
  }

  survey(name: string, options: SurveyOptions): BuilderImpl {
    return this.#tile(recordTileSpec('Survey', name, options ?? {}, { value: options?.surveyId, label: 'surveyId' }));
  }

  recordUpdated(name: string, options: TileOptions = {}): BuilderImpl {
    return this.#tile(recordTileSpec('RecordUpdate', name, options));
  }

  linkedInCampaign(name: string, options: LinkedInCampaignOptions): BuilderImpl {
    return this.#tile(recordTileSpec('LinkedInCampaign', name, options ?? {}, { value: options?.campaignId, label: 'campaignId' }));
  }

  custom(activityTypeId: string, name: string, props: CustomTileOptions = {}): BuilderImpl {
    return this.#tile(customSpec(activityTypeId, name, props));
  }

  $call<R>(fn: (builder: this) => R): R {
    return fn(this);
  }

  build(): JourneyTree {
    const context = this.#journey;
    if (context === undefined) {
      throw new JourneyBuildError('build() is only available on a journey, not on a branch chain', { code: 'invalid-branch' });
    }
    const settings = journeySettings(context.name, context.options);
    const override = designerStateOverride(context.name, context.options.designerState);
    const materializer = new Materializer({
      target: settings.target,
      assignActivityIds: true,
      firstCounter: 0,
      firstItemId: 1,
      context: `Journey "${truncateName(context.name)}"`,
    });
    const rootTile = rootSpec(context.options.root ?? {});
    materializer.scan(this.#last, rootTile);
    const root = materializer.root(rootTile);
    materializer.run(root, this.#last, true);
    materializer.resolve();
    const exact = override?.exact === true;
    const designerState: DesignerState = {
      nextActivityId: exact ? override.nextActivityId : Math.max(materializer.nextActivityId, override?.nextActivityId ?? 0),
      nextItemId: exact ? override.nextItemId : Math.max(materializer.nextItemId, override?.nextItemId ?? 0),
      ...(override?.extra === undefined ? {} : { extra: cloneJson(override.extra, materializer.frozen) }),
    };
    const tree = { settings: cloneJson(settings, materializer.frozen), root, designerState };
    materializer.frozen.push(designerState, tree);
    materializer.freeze();
    return tree as unknown as JourneyTree;
  }
}

const describeValue = (value: unknown): string =>
  value instanceof BuilderImpl ? 'a journey builder' : value === undefined ? 'undefined' : `a ${typeof value}`;

/** Runs a branch callback on a fresh chain and returns the steps it recorded. */
function runBranch(fn: BranchFn, what: string): StepNode | undefined {
  if (typeof fn !== 'function') {
    throw new JourneyBuildError(`${what} must be a function (b) => b…, not ${describeValue(fn)}`, { code: 'invalid-branch' });
  }
  return BuilderImpl.stepsOf(fn(createChain()), what);
}

/** A fresh, empty branch chain. */
export function createChain(): ChainBuilder {
  return new BuilderImpl(undefined, undefined, undefined) as unknown as ChainBuilder;
}

/** The steps a chain recorded (for edits). */
export function chainSteps(result: unknown, what: string): StepNode | undefined {
  return BuilderImpl.stepsOf(result, what);
}

/**
 * Starts a journey. Options are every journey setting but the name (`target` defaults to
 * `'contact'`), plus the stored designer state (`designerState`, kept as given with `exact`) and
 * the root tile's parts (`root`) of a pulled journey.
 *
 * @example
 * ```ts
 * import { journey } from '@customer-journey/dsl';
 *
 * export const eventInvite = journey('Event invitation', {
 *   target: 'contact',
 *   start: '2026-02-01T09:00:00Z', end: '2026-03-01T09:00:00Z',
 *   timeZone: 92, consent: 'Marketing',
 * })
 *   .segment('Customers', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344', name: 'Demo_segment_09c58544', displayName: 'Demo segment' }] })
 *   .email('Invitation', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344', key: 'invite',
 *     nested: [{ type: 'LandingPage', id: '46dece00-464a-e911-a873-000d3a1fe344', name: 'Event page', key: 'page' }] })
 *   .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {
 *     yes: (b) => b.activity('Follow-up call', { activityType: 'phonecall' }),
 *     no: (b) => b.email('Reminder', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe345' }),
 *   })
 *   .build();
 * ```
 */
export function journey(name: string, options: JourneyOptions = {}): JourneyBuilder {
  return new BuilderImpl({ name, options }, undefined, undefined) as unknown as JourneyBuilder;
}
