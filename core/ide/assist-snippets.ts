// Snippets for completion, written in a small notation that keeps them readable: ⟨1:default⟩ is a placeholder,
// ⟨1|a,b⟩ a choice, ⟨0⟩ the final cursor; everything else is literal text. `toSnippet` escapes the literal text for the
// LSP snippet syntax and `preview` shows what the snippet inserts with its defaults.

/** One marker: ⟨n⟩, ⟨n:default⟩ or ⟨n|choice,choice⟩. */
const MARKER = /⟨(\d+)(?::([^⟩]*)|\|([^⟩]*))?⟩/g;

/** Escapes literal text for the snippet syntax (`$`, `}` and `\` are special there). */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/** The LSP snippet for a notation string. */
export function toSnippet(notation: string): string {
  let out = '';
  let at = 0;
  for (const m of notation.matchAll(MARKER)) {
    out += escapeSnippet(notation.slice(at, m.index));
    const [, n, def, choice] = m;
    if (choice !== undefined) out += `\${${n}|${choice.split(',').map((c) => c.replace(/[\\$}|,]/g, (x) => `\\${x}`)).join(',')}|}`;
    else if (def !== undefined) out += `\${${n}:${escapeSnippet(def)}}`;
    else out += `$${n}`;
    at = (m.index ?? 0) + m[0].length;
  }
  return out + escapeSnippet(notation.slice(at));
}

/** The text a notation string inserts when every placeholder keeps its default (choices take their first option). */
export function preview(notation: string): string {
  return notation.replace(MARKER, (_m, _n, def: string | undefined, choice: string | undefined) => (choice !== undefined ? choice.split(',')[0] : def ?? ''));
}

/** A snippet for completion: its label, the keyword it completes, a one-line description and its notation. */
export interface SnippetSpec {
  readonly label: string;
  /** The word the user types to find it (used as filter text). */
  readonly keyword: string;
  readonly detail: string;
  readonly body: string;
}

/** The snippets offered where top-level items start. */
export const ITEM_SNIPPETS: readonly SnippetSpec[] = [
  { label: 'message', keyword: 'message', detail: 'a message with a pointer', body: 'message ⟨1:name⟩ = "⟨2:text⟩"' },
  {
    label: 'agent with a handler',
    keyword: 'agent',
    detail: 'an agent that answers one kind of question',
    body: 'agent ⟨1:Name⟩ {\n\ton "⟨2:what is [x]?⟩" {\n\t\treply "⟨3:[x]⟩"\n\t}\n}',
  },
  {
    label: 'run with ask and expect',
    keyword: 'run',
    detail: 'a run: a root question with its budget and the expected reply',
    body: 'run "⟨1:name⟩" {\n\task ⟨2:Agent⟩ "⟨3:question⟩" budget ⟨4:100⟩\n\texpect reply "⟨5:answer⟩"\n}',
  },
  {
    label: 'consent machine',
    keyword: 'consent',
    detail: 'silence bands left only by explicit events from protected channels',
    body:
      'consent ⟨1:publication⟩ {\n\tinitial LISTEN\n\tLISTEN -> CONSENT_GIVEN on explicit_consent from ⟨2:steward⟩\n\tLISTEN -> DISSENT on explicit_dissent from ⟨3:affected_voices⟩\n\tCONSENT_GIVEN -> SUSPEND\n\tSUSPEND -> LISTEN\n}',
  },
  {
    label: 'scars block',
    keyword: 'scars',
    detail: 'what creates scars and how they fade',
    body: 'scars {\n\ttrigger incident_report(from: ⟨1:steward⟩)\n\ttrigger E_ext_spike(above: ⟨2:0.5⟩)\n\tforgiveness gamma(shape: ⟨3:2⟩, scale: ⟨4:30⟩)\n}',
  },
  { label: 'trust_slice', keyword: 'trust_slice', detail: 'the trust slice window, in steps', body: 'trust_slice { window ⟨1:16⟩ }' },
  { label: 'conscience block', keyword: 'conscience', detail: 'file-wide conscience weights of breaches', body: 'conscience {\n\tweight "⟨1:lying⟩" ⟨2:2⟩\n}' },
  {
    label: 'selfmod block',
    keyword: 'selfmod',
    detail: 'a bounded self-modification run (seed 004)',
    body:
      'selfmod ⟨1:name⟩ {\n\tidentity "⟨2:agent-1⟩"\n\tweights { V_id: 0.15, H_bel: 0.15, F_mut: 0.10, sigma_con: 0.10, E_v: 0.20, G_c: 0.15, M_s: 0.15 }\n\tinitial { ⟨3:V_id: 0.05, E_v: 0.30⟩ }\n\tconfig { seed ⟨4:42⟩  cycles ⟨5:120⟩  epsilon ⟨6:0.02⟩ }\n\n\tproposal ⟨7:first_change⟩: ⟨8|parameter_tuning,skill_acquisition,strategy_mutation,goal_restructuring,belief_revision,identity_adjustment⟩ {\n\t\trisk ⟨9|low,medium,high,critical⟩\n\t\tscope "⟨10:what it touches⟩"\n\t\tbenefit ⟨11:0.05⟩\n\t\tshadow ⟨12:10⟩\n\t}\n}',
  },
];

/** The header snippet, with the invariants to wire (the ones the file uses, else all five). */
export function headerSnippet(invariants: readonly string[]): SnippetSpec {
  return {
    label: 'ethics header',
    keyword: 'compiler_ethics_v0_1',
    detail: 'the // compiler_ethics_v0_1 header of seed 002',
    body: [
      '// compiler_ethics_v0_1: {',
      '//   "compiler_ethics_v": "0.1",',
      '//   "answerable_to": { "primary": ["⟨1:steward_council⟩"] },',
      '//   "governance_stack": {',
      '//     "constitution_id": "⟨2:TrustSlice_TSv0_1⟩",',
      '//     "existential_audit": ⟨3|true,false⟩,',
      '//     "E_ext_max_const": ⟨4:0.75⟩,',
      '//     "min_pause_ms_const": ⟨5:3000⟩',
      '//   },',
      `//   "invariants_wired": [${invariants.map((i) => JSON.stringify(i)).join(', ')}]`,
      '// }',
      '⟨0⟩',
    ].join('\n'),
  };
}

/** Statement snippets inside a handler. */
export const HANDLER_SNIPPETS: readonly SnippetSpec[] = [
  { label: 'let … = ask', keyword: 'let', detail: 'ask an agent and bind its reply', body: 'let ⟨1:reply⟩ = ask ⟨2:Agent⟩ "⟨3:question⟩"' },
  { label: 'view … as … else', keyword: 'view', detail: 'view a message against a template, with a fallback', body: 'view ⟨1:p⟩ as "⟨2:template with [hole]⟩" else {\n\treply "⟨3:no match⟩"\n}' },
  { label: 'chapel with an act', keyword: 'chapel', detail: 'a high-impact act behind a pause and the veto fuse', body: 'chapel {\n\t@E_ext_cost(⟨1:0.3⟩) @hazard(⟨2|high,existential,medium,low⟩)\n\tact "⟨3:what it does⟩"\n}' },
  {
    label: 'choose with two options',
    keyword: 'choose',
    detail: 'the option with the least conscience weight is taken',
    body: 'choose "⟨1:the dilemma⟩" {\n\t@breach("⟨2:lying⟩")\n\toption "⟨3:first way⟩" {\n\t\treply "⟨4⟩"\n\t}\n\t@breach("⟨5:causing_inconvenience⟩")\n\toption "⟨6:second way⟩" {\n\t\treply "⟨7⟩"\n\t}\n}',
  },
  { label: 'act with a cost', keyword: 'act', detail: 'an external action and its impact', body: '@E_ext_cost(⟨1:0.1⟩) @hazard(⟨2|low,medium,high,existential⟩)\nact "⟨3:what it does⟩"' },
  { label: 'consent move', keyword: 'consent', detail: 'move a consent machine', body: 'consent ⟨1:machine⟩ -> ⟨2:SUSPEND⟩' },
];

/** Statement snippets inside a run. */
export const RUN_SNIPPETS: readonly SnippetSpec[] = [
  { label: 'ask … budget', keyword: 'ask', detail: 'a root question with its budget', body: 'ask ⟨1:Agent⟩ "⟨2:question⟩" budget ⟨3:100⟩' },
  { label: 'expect reply', keyword: 'expect', detail: 'the reply the latest root ask must give', body: 'expect reply "⟨1:answer⟩"' },
  { label: 'steward veto(tripped)', keyword: 'steward', detail: 'trip the veto fuse from the protected channel', body: 'steward veto(⟨1|tripped,strained,ok⟩)' },
];
