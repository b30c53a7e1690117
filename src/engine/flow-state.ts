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
  /**
   * The steps whose answers count here: the path with its loops cut out. A step passed again
   * (a review step's "start again") ends the loop back to it, and the steps of that loop's pass
   * count no more unless the visitor passes them again. Back restores the previous node's.
   */
  readonly live: MapVersion<true>;
  /** The path as an array, made the first time someone reads `history`. */
  array?: readonly string[];
}

/** `previous` one step further, to `id`. A loop's steps leave `live` once (amortised O(1) a step for a flow passed once). */
function pathTo(previous: PathNode | undefined, id: string): PathNode {
  let live = previous?.live ?? mapVersion<true>([]);
  if (mapGet(live, id)) for (let node = previous; node && node.id !== id; node = node.previous) live = mapSet(live, node.id, undefined);
  return { id, previous, length: (previous?.length ?? 0) + 1, live: mapSet(live, id, true) };
}

/**
 * What the engine works on behind a FlowState: an answer, a step forward or back costs O(1)
 * here, where copying `history` and `answers` cost O(steps so far) each time. The arrays and
 * objects of the public shape are made only when read, once per state.
 */
export interface Walk {
  readonly path: PathNode;
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
    for (const id of state.history) path = pathTo(path, id);
    path!.array = state.history;
    walk = { path: path!, answers: mapVersion(Object.entries(state.answers)) };
    answerObjects.set(walk.answers, state.answers);
    walks.set(state, walk);
  }
  return walk;
}

export const answerOf = (walk: Walk, question: string): AnswerValue | undefined => mapGet(walk.answers, question);

/** Whether the step's answers count: it is on the path, and not only on a loop's earlier pass. */
export const isOnPath = (walk: Walk, stepId: string): boolean => mapGet(walk.path.live, stepId) === true;

export const withAnswer = (walk: Walk, question: string, value: AnswerValue | undefined): Walk => ({
  ...walk,
  answers: mapSet(walk.answers, question, value),
});

export const forward = (walk: Walk, stepId: string): Walk => ({ ...walk, path: pathTo(walk.path, stepId) });

/** One step back; the caller makes sure there is one. */
export const back = (walk: Walk): Walk => ({ ...walk, path: walk.path.previous! });
