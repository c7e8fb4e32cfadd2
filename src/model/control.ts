/*
 * Walks of a process's control graph: which nodes follow a node without a
 * step being taken, where a process can wait, and what it can do next from
 * there. The model builder checks loops with them, the compiler generates one
 * case per wait point, footprints and traces ask what the next step can be.
 */
import type { Node, Process, StepSite } from './ir.js';
import { unreachable } from './visit.js';

/** The nodes reachable from a node without taking a step. */
export function freeSuccessors(node: Node): number[] {
  switch (node.k) {
    case 'branch':
      return [node.then, node.else];
    case 'choice':
      return [...node.targets];
    case 'enter':
    case 'set':
      return [node.next];
    case 'step':
    case 'test':
    case 'end':
      return [];
    default:
      return unreachable(node);
  }
}

/** Where a process stands after taking the step of a `step` or `test` node (none for other nodes). */
export function stepTargets(node: Node): number[] {
  if (node.k === 'step') return [node.next];
  if (node.k === 'test') return node.then === node.else ? [node.then] : [node.then, node.else];
  return [];
}

/** The step a `step` or `test` node takes, if it is one. */
export function stepOf(node: Node): StepSite | undefined {
  return node.k === 'step' || node.k === 'test' ? node.step : undefined;
}

/**
 * Every node a process at node `pc` can pass through in its next transition,
 * once each, depth first: the control flow it decides and the steps (or the
 * end) it arrives at.
 */
export function forEachNextNode(p: Process, pc: number, visit: (node: Node) => void): void {
  const seen = new Set<number>();
  const walk = (n: number): void => {
    if (seen.has(n)) return;
    seen.add(n);
    const node = p.nodes[n]!;
    visit(node);
    for (const m of freeSuccessors(node)) walk(m);
  };
  walk(pc);
}

/** The steps a process at node `pc` can take next (what it waits at). */
export function waitingSteps(p: Process, pc: number): StepSite[] {
  const out: StepSite[] = [];
  forEachNextNode(p, pc, (node) => {
    const step = stepOf(node);
    if (step) out.push(step);
  });
  return out;
}

/** The pc values a process can wait at: its start and after each step (0, the end, waits for nothing). */
export function waitPoints(p: Process): number[] {
  const points = new Set<number>([p.start]);
  for (const node of p.nodes) for (const next of stepTargets(node)) points.add(next);
  points.delete(0);
  return [...points].sort((a, b) => a - b);
}

/**
 * The ids of the steps some control path of the process reaches from its start, whatever the
 * state: the others are code that no run can take (under an `if` on a constant that is false,
 * or after a loop that never exits), which coverage tells apart from steps the runs miss.
 */
export function pathSteps(p: Process): Set<number> {
  const seen = new Set<number>();
  const steps = new Set<number>();
  const pending = [p.start];
  while (pending.length > 0) {
    const n = pending.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    const node = p.nodes[n]!;
    const step = stepOf(node);
    if (step) steps.add(step.id);
    // A constant test (`while true`) goes one way only: the code past an endless loop is on no path.
    if (node.k === 'branch' && node.cond.k === 'const') pending.push(node.cond.value ? node.then : node.else);
    else pending.push(...freeSuccessors(node), ...stepTargets(node));
  }
  return steps;
}
