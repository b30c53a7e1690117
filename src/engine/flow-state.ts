import type { Answers, AnswerValue, HiddenFields } from './answers.ts';
import { mapEntries, mapGet, mapSet, mapVersion, type MapVersion } from './persistent-map.ts';

/**
 * Where a visitor is in a flow. Immutable: every action returns a new state, so the UI can
 * keep it in one signal and tests can compare states.
 */
export interface FlowState {
  /** Step ids from the first step to the current one; Back pops it. */
  readonly history: readonly string[];
  /**
   * Everything typed so far, including answers on steps the visitor went back from, so a
   * value is still there if they return (no re-typing); only answers on the current path
   * are scored and sent — see `pathAnswers`. Their key order carries no meaning.
   */
  readonly answers: Answers;
  readonly hidden: HiddenFields;
}

/** The path as a list that shares its start with the path it grew from. */
interface PathNode {
  readonly id: string;
  readonly previous: PathNode | undefined;
  readonly length: number;
  /** The path as an array, made the first time someone reads `history`. */
  array?: readonly string[];
}

/**
 * What the engine works on behind a FlowState: an answer, a step forward or back costs O(1)
 * here, where copying `history` and `answers` cost O(steps so far) each time. The arrays and
 * objects of the public shape are made only when read, once per state.
 */
export interface Walk {
  readonly path: PathNode;
  /** How often each step is on the path (a flow that loops may pass a step twice). */
  readonly onPath: MapVersion<number>;
  readonly answers: MapVersion<AnswerValue>;
}

const walks = new WeakMap<FlowState, Walk>();
/** One answers object per version, so a state that changed no answer keeps the same object. */
const answerObjects = new WeakMap<MapVersion<AnswerValue>, Answers>();

function pathArray(path: PathNode): readonly string[] {
  if (!path.array) {
    const ids = new Array<string>(path.length);
    for (let node: PathNode | undefined = path; node; node = node.previous) ids[node.length - 1] = node.id;
    path.array = ids;
  }
  return path.array;
}

/**
 * A state over `walk`, with `from`'s hidden fields and anything else a caller keeps on its
 * states (carried along, as when every action copied the state).
 */
export function stateOf(walk: Walk, from: FlowState): FlowState {
  const state: FlowState = {
    get history() {
      return pathArray(walk.path);
    },
    get answers() {
      let answers = answerObjects.get(walk.answers);
      if (!answers) answerObjects.set(walk.answers, (answers = Object.fromEntries(mapEntries(walk.answers))));
      return answers;
    },
    hidden: from.hidden,
  };
  for (const key of Object.keys(from)) if (!(key in state)) Object.assign(state, { [key]: from[key as keyof FlowState] });
  walks.set(state, walk);
  return state;
}

/**
 * The walk behind a state: kept for states the engine made, built once (O(steps)) for a
 * state written by hand or restored from storage.
 */
export function walkOf(state: FlowState): Walk {
  let walk = walks.get(state);
  if (!walk) {
    let path: PathNode | undefined;
    const counts = new Map<string, number>();
    for (const id of state.history) {
      path = { id, previous: path, length: (path?.length ?? 0) + 1 };
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    path!.array = state.history;
    walk = { path: path!, onPath: mapVersion(counts), answers: mapVersion(Object.entries(state.answers)) };
    answerObjects.set(walk.answers, state.answers);
    walks.set(state, walk);
  }
  return walk;
}

export const answerOf = (walk: Walk, question: string): AnswerValue | undefined => mapGet(walk.answers, question);

export const isOnPath = (walk: Walk, stepId: string): boolean => (mapGet(walk.onPath, stepId) ?? 0) > 0;

export const withAnswer = (walk: Walk, question: string, value: AnswerValue | undefined): Walk => ({
  ...walk,
  answers: mapSet(walk.answers, question, value),
});

export const forward = (walk: Walk, stepId: string): Walk => ({
  ...walk,
  path: { id: stepId, previous: walk.path, length: walk.path.length + 1 },
  onPath: mapSet(walk.onPath, stepId, (mapGet(walk.onPath, stepId) ?? 0) + 1),
});

/** One step back; the caller makes sure there is one. */
export const back = (walk: Walk): Walk => ({
  ...walk,
  path: walk.path.previous!,
  onPath: mapSet(walk.onPath, walk.path.id, mapGet(walk.onPath, walk.path.id)! - 1 || undefined),
});
