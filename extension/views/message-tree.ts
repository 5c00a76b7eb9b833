// The Message Tree view: the run, its root questions and every agent activation under the one that asked it, as
// they stand at the step shown. Each node shows the question with its pointers ([1], [2], …); pointers open into the
// messages they point to (one level at a time, through `amp/expand`), and selecting a node reveals its handler.

import type { ActivationJson, MessageJson, PointerJson } from './protocol';
import { liveIds, replied, started, type RunModel } from './run-store';
import { oneLine, paged, plural, type NodeIcon, type ViewContent, type ViewNode } from './tree-node';

/** Where an activation is at the step shown. */
export type ActivationStatus = 'asking' | 'waiting' | 'input' | 'replied' | 'forced' | 'error' | 'unfinished';

/** The icon of each status (codicons, theme colours). */
export const STATUS_ICONS: Readonly<Record<ActivationStatus, NodeIcon>> = {
  asking: { id: 'debug-stackframe', color: 'debugIcon.stepIntoForeground' },
  waiting: { id: 'watch', color: 'charts.blue' },
  input: { id: 'person', color: 'charts.orange' },
  replied: { id: 'pass', color: 'testing.iconPassed' },
  forced: { id: 'warning', color: 'list.warningForeground' },
  error: { id: 'error', color: 'list.errorForeground' },
  unfinished: { id: 'circle-slash' },
};

/** The status of an activation at the step shown; undefined when it had not started yet. */
export function activationStatus(a: ActivationJson, run: RunModel, live: ReadonlySet<number> = liveIds(run)): ActivationStatus | undefined {
  const step = run.step;
  if (!started(a, step)) return undefined;
  if (replied(a, step)) return a.forced ? 'forced' : a.error ? 'error' : 'replied';
  if (run.state.waiting?.activation === a.id) return 'input';
  const frames = run.state.frames;
  if (frames.length && frames[frames.length - 1].activation === a.id) return 'asking';
  if (live.has(a.id)) return 'waiting';
  return 'unfinished';
}

/** The agent copy's name as frames write it (`Min`, `Think′`). */
export function who(a: ActivationJson): string {
  return a.instance ? a.instance.replace(/^@/, '') : a.agent;
}

function statusText(a: ActivationJson, status: ActivationStatus, run: RunModel): string {
  switch (status) {
    case 'asking':
      return `asking · ${frameBudget(a, run)}`;
    case 'waiting': {
      const child = (run.children.get(a.id) ?? []).map((id) => run.activations.get(id)!).find((c) => started(c, run.step) && !replied(c, run.step));
      return child ? `waiting for ${who(child)}` : 'waiting';
    }
    case 'input':
      return 'waiting for your answer';
    case 'replied':
      return `replied "${oneLine(a.reply?.preview ?? '', 60)}"`;
    case 'forced':
      return `forced reply: ran out of budget${a.forced ? ` (needed ${a.forced.needed} to ${a.forced.op})` : ''}`;
    case 'error':
      return `error reply "${oneLine(a.reply?.preview ?? '', 60)}"`;
    case 'unfinished':
      return 'never replied';
  }
}

function frameBudget(a: ActivationJson, run: RunModel): string {
  const f = run.state.frames.find((x) => x.activation === a.id);
  return f ? `budget ${f.budget} of ${f.allotted}` : `allotted ${a.allotted}`;
}

function tooltip(a: ActivationJson, status: ActivationStatus, run: RunModel): string {
  const lines = [`${who(a)}${a.instance && a.instance.replace(/^@/, '') !== a.agent ? ` (a copy of ${a.agent})` : ''}, activation ${a.id} (${a.kind})`];
  if (a.question) lines.push(`asked: ${a.question.preview}`);
  lines.push(`status: ${statusText(a, status, run)}`);
  lines.push(`started at step ${a.startStep}${a.endStep !== undefined && a.endStep <= run.step ? `, replied at step ${a.endStep}` : ''}`);
  const f = run.state.frames.find((x) => x.activation === a.id);
  if (f) lines.push(`budget: holds ${f.budget} of ${f.allotted} allotted; spent ${f.spent} itself; ${f.delegated} out with sub-agents`);
  else if (a.endStep !== undefined && a.endStep <= run.step) lines.push(`budget: ${a.allotted} allotted, ${a.spent ?? 0} used by it and the agents it asked, ${a.returned ?? 0} returned`);
  else lines.push(`budget: ${a.allotted} allotted`);
  if (a.handler) lines.push(`handler at line ${a.handler.start.line + 1}`);
  else if (a.askedAt) lines.push(`asked at line ${a.askedAt.start.line + 1} (${a.kind === 'answered at once' ? 'answered within the ask' : 'no handler'})`);
  return lines.join('\n');
}

/** A pointer of a message: its label and preview; messages with sub-messages open through `amp/expand`. */
export function pointerNode(parentId: string, p: PointerJson, index: number): ViewNode {
  const opens = p.kind === 'message' && /[([]/.test(p.preview);
  return {
    id: `${parentId}/p${index}`,
    label: `${p.label} ${oneLine(p.preview, 100)}`,
    tooltip: `${p.label} points to ${p.kind === 'agent' ? 'the agent' : 'the message'} ${p.preview}`,
    icon: { id: p.kind === 'agent' ? 'person' : 'symbol-string' },
    ...(opens ? { expandRef: p.ref, expanded: false } : {}),
    contextValue: 'amp.pointer',
    accessibilityLabel: `pointer ${p.label}: ${p.preview}`,
  };
}

/** The children of an opened message: its own text (pointers as [1], [2], …), then one node per pointer. */
export function messageChildren(parentId: string, m: MessageJson): ViewNode[] {
  if (m.pointers.length === 0) return [{ id: `${parentId}/text`, label: oneLine(m.text, 200), tooltip: m.text, icon: { id: 'note' } }];
  return [
    { id: `${parentId}/text`, label: `text: ${oneLine(m.text, 200)}`, tooltip: m.text, icon: { id: 'note' } },
    ...m.pointers.map((p, i) => pointerNode(parentId, p, i)),
  ];
}

function activationNode(run: RunModel, a: ActivationJson, live: ReadonlySet<number>): ViewNode | undefined {
  const status = activationStatus(a, run, live);
  if (!status) return undefined;
  const id = `t${run.threadId}/a${a.id}`;
  const question = a.question ? oneLine(a.question.text, 160) : a.kind === 'event' ? 'event handler' : '';
  const hasReply = status === 'replied' || status === 'forced' || status === 'error';
  const description = statusText(a, status, run);
  return {
    id,
    label: `${who(a)}: ${question}`,
    description,
    tooltip: tooltip(a, status, run),
    icon: STATUS_ICONS[status],
    expanded: live.has(a.id),
    children: () => {
      const out: ViewNode[] = (a.question?.pointers ?? []).map((p, i) => pointerNode(`${id}/q`, p, i));
      const kids = (run.children.get(a.id) ?? []).map((k) => run.activations.get(k)!).filter((k) => started(k, run.step));
      out.push(...paged(`${id}/asks`, kids, (k) => activationNode(run, k, live)!));
      if (hasReply && a.reply) {
        out.push({
          id: `${id}/reply`,
          label: `${a.reply.error ? 'error reply' : 'reply'}: ${oneLine(a.reply.text, 160)}`,
          tooltip: a.reply.preview,
          icon: { id: a.reply.error ? 'error' : 'reply' },
          ...(a.reply.pointers.length ? { expanded: false, children: () => a.reply!.pointers.map((p, i) => pointerNode(`${id}/reply`, p, i)) } : {}),
          accessibilityLabel: `${a.reply.error ? 'error reply' : 'reply'}: ${a.reply.preview}`,
        });
      }
      return out;
    },
    ...(a.handler ?? a.askedAt ? { reveal: a.handler ?? a.askedAt } : {}),
    step: a.startStep,
    contextValue: 'amp.activation',
    accessibilityLabel: `${who(a)} asked ${a.question?.preview ?? ''}; ${description}`,
  };
}

export const SIMULATION_HAS_NO_TREE = 'A self-modification run asks no questions: the Stability view and the run timeline show it.';

/** A thread that simulates a `selfmod` declaration: stability, and not one activation. */
export function isSimulation(run: RunModel): boolean {
  return run.state.stability !== undefined && run.activations.size === 0 && run.state.frames.every((f) => f.kind === 'run');
}

/** The Message Tree: the run, then its root questions, each with the activations it led to. */
export function messageTree(run: RunModel | undefined): ViewContent {
  if (!run) return { nodes: [] };
  const live = liveIds(run);
  const s = run.state;
  const roots = (run.children.get(0) ?? []).map((id) => run.activations.get(id)!).filter((a) => started(a, run.step));
  const runFrame = s.frames.find((f) => f.kind === 'run');
  const where = s.status === 'running' ? `step ${s.step}${s.reason ? ` · ${s.reason}` : ''}` : `${s.status} · step ${s.step}`;
  const node: ViewNode = {
    id: `t${run.threadId}/run`,
    label: `run "${run.run}"`,
    description: where,
    tooltip: [`run "${run.run}" (thread ${run.threadId})`, `status: ${s.status}`, `step ${s.step} (${s.position + 1} of ${s.recorded} states recorded)`, s.description ?? (s.reason ? `stopped: ${s.reason}` : ''), `${plural(roots.length, 'root question')}`].filter(Boolean).join('\n'),
    icon: { id: s.status === 'fault' ? 'error' : s.status === 'done' ? 'pass' : 'debug-alt' },
    expanded: true,
    children: () => paged(`t${run.threadId}/roots`, roots, (a) => activationNode(run, a, live)!),
    ...(runFrame?.handler ? { reveal: runFrame.handler } : {}),
    step: 0,
    contextValue: 'amp.run',
    accessibilityLabel: `run ${run.run}, ${where}`,
  };
  const message = roots.length > 0 ? undefined : isSimulation(run) ? SIMULATION_HAS_NO_TREE : `Step ${s.step}: the run has not asked its root question yet.`;
  return { nodes: [node], ...(message ? { message } : {}) };
}
