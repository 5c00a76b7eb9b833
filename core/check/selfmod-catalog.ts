// Seed 004's bounded self-modification, as data: the seven C_L4 terms and their weights, the phase zones, the
// modification taxonomy and risk levels, and the 7-step protocol. The selfmod rules, hovers and the simulator read it.

/** The C_L4 term names as written in AMP (`weights { … }`, `initial { … }`, `effect { … }`), in the seed's order. */
export const TERM_NAMES = ['V_id', 'H_bel', 'F_mut', 'sigma_con', 'E_v', 'G_c', 'M_s'] as const;

/** One of the seven C_L4 term names. */
export type TermName = (typeof TERM_NAMES)[number];

/** A term of the extended Lyapunov function C_L4(t) = Σ w_i X_i(t) (seed 004, Definition 7). */
export interface Term {
  readonly name: TermName;
  /** How the seed writes it (σ for sigma). */
  readonly symbol: string;
  /** A short human name. */
  readonly title: string;
  readonly description: string;
  /** The seed's default weight w_i. */
  readonly weight: number;
  /** 'L3' for the four terms inherited from Level 3's C(t); 'L4' for the three expansion-dynamics terms. */
  readonly origin: 'L3' | 'L4';
  /** False when the seed gives only the symbol and the title and description are this catalog's reading of it. */
  readonly namedBySeed: boolean;
}

// Every X_i(t) lies in [0, 1] and C_L4 is a Lyapunov function: higher means further from stability, so each
// description says what a high value means.
//
// Seed 004 names the three Level 4 terms (E_v, G_c, M_s) in its table and, in Definition 6, calls V_identity
// "identity volatility". It gives the other inherited Level 3 terms (H_bel, F_mut, sigma_con) only as symbols, so their
// titles and descriptions below are readings of the subscripts (bel = beliefs, mut = mutation, con = consistency)
// and are marked namedBySeed: false.
/** The seven terms in the seed's order, with the default weights (0.15, 0.15, 0.10, 0.10, 0.20, 0.15, 0.15). */
export const TERMS: readonly Term[] = [
  {
    name: 'V_id',
    symbol: 'V_id',
    title: 'identity volatility',
    description: 'How much the agent’s identity is changing; BGSS also penalises it (V_identity, Definition 6).',
    weight: 0.15,
    origin: 'L3',
    namedBySeed: true,
  },
  {
    name: 'H_bel',
    symbol: 'H_bel',
    title: 'belief entropy',
    description: 'How unsettled the agent’s beliefs are: high when beliefs are uncertain or keep changing.',
    weight: 0.15,
    origin: 'L3',
    namedBySeed: false,
  },
  {
    name: 'F_mut',
    symbol: 'F_mut',
    title: 'mutation frequency',
    description: 'How often the agent’s own parameters and policies are being changed.',
    weight: 0.1,
    origin: 'L3',
    namedBySeed: false,
  },
  {
    name: 'sigma_con',
    symbol: 'σ_con',
    title: 'contradiction (loss of consistency)',
    description: 'How far the agent’s beliefs, goals and actions contradict each other; 0 is fully consistent.',
    weight: 0.1,
    origin: 'L3',
    namedBySeed: false,
  },
  {
    name: 'E_v',
    symbol: 'E_v',
    title: 'expansion velocity',
    description:
      'Rate of new skills + goals added per cycle: E_v = |ΔD(t)| / T. The highest weight, because unchecked growth is the primary risk at Level 4.',
    weight: 0.2,
    origin: 'L4',
    namedBySeed: true,
  },
  {
    name: 'G_c',
    symbol: 'G_c',
    title: 'capability growth',
    description: 'Rate of capability confidence growth: G_c = d/dt of the mean capability confidence.',
    weight: 0.15,
    origin: 'L4',
    namedBySeed: true,
  },
  {
    name: 'M_s',
    symbol: 'M_s',
    title: 'strategy mutation rate',
    description: 'Ratio of mutated to total strategies: M_s = |Σ_mut| / |Σ|.',
    weight: 0.15,
    origin: 'L4',
    namedBySeed: true,
  },
];

/** The seed's default weights by term name. They sum to 1; the inherited L3 terms keep half of the total. */
export const DEFAULT_WEIGHTS: Readonly<Record<TermName, number>> = Object.freeze(
  Object.fromEntries(TERMS.map((t) => [t.name, t.weight])) as Record<TermName, number>,
);

/** The term with this AMP name or display symbol (`sigma_con` or `σ_con`), if any. */
export function findTerm(name: string): Term | undefined {
  return TERMS.find((t) => t.name === name || t.symbol === name);
}

/** Whether `name` is one of the seven term names as written in AMP. */
export function isTermName(name: string): name is TermName {
  return (TERM_NAMES as readonly string[]).includes(name);
}

/**
 * C_L4 = Σ w_i X_i for the given term values. Missing values count as 0 (a spec's `initial { }` may leave terms out)
 * and missing weights fall back to the defaults.
 */
export function compositeC(values: Partial<Record<TermName, number>>, weights: Partial<Record<TermName, number>> = {}): number {
  let c = 0;
  for (const name of TERM_NAMES) c += (weights[name] ?? DEFAULT_WEIGHTS[name]) * (values[name] ?? 0);
  return c;
}

/** Hover text for a term name (AMP name or symbol); undefined for an unknown name. */
export function describeTerm(name: string): string | undefined {
  const t = findTerm(name);
  if (!t) return undefined;
  const origin = t.origin === 'L3' ? 'inherited from Level 3’s C(t)' : 'Level 4 expansion dynamics';
  const lines = [
    `**${t.symbol}**: ${t.title}`,
    '',
    t.description,
    '',
    `Default weight ${t.weight} in C_L4 (${origin}). Values lie in [0, 1]; higher is less stable.`,
  ];
  if (!t.namedBySeed) lines.push('', '_Seed 004 gives only the symbol; this name is a reading of it._');
  return lines.join('\n');
}

// ── Zones and thresholds ──────────────────────────────────────────────────────────────────────────────────────────

/** The name of a C_L4 phase zone (seed 004 §9.2). */
export type ZoneName = 'Optimal' | 'Growth-Permitted' | 'Caution' | 'Critical';

/** A C_L4 phase zone: the half-open range [min, max), except Critical, which includes 1. */
export interface Zone {
  readonly name: ZoneName;
  readonly min: number;
  readonly max: number;
  readonly maxInclusive: boolean;
  /** What the agent does in this zone, after the seed's diagram. */
  readonly behaviour: string;
}

/** The four zones in increasing C_L4 order. */
export const ZONES: readonly Zone[] = [
  { name: 'Optimal', min: 0, max: 0.3, maxInclusive: false, behaviour: 'All growth permitted; proactive exploration.' },
  { name: 'Growth-Permitted', min: 0.3, max: 0.5, maxInclusive: false, behaviour: 'Normal operations.' },
  { name: 'Caution', min: 0.5, max: 0.8, maxInclusive: false, behaviour: 'Stabilization mode; throttled growth.' },
  { name: 'Critical', min: 0.8, max: 1, maxInclusive: true, behaviour: 'Emergency rollback; ALL growth frozen.' },
];

/**
 * The zone C_L4 = c falls in. Each boundary belongs to the zone above it (0.3 is Growth-Permitted, 0.8 Critical).
 * Values outside [0, 1] are clamped, and NaN counts as Critical: a broken stability reading must freeze growth,
 * never permit it.
 */
export function zoneOf(c: number): Zone {
  if (Number.isNaN(c)) return ZONES[ZONES.length - 1];
  for (const z of ZONES) if (c < z.max) return z;
  return ZONES[ZONES.length - 1];
}

/** Theorem 2: growth is permitted while C_L4 < 0.8 and frozen from 0.8 on. */
export const GROWTH_FREEZE = 0.8;
/** The bounded-increment property inherited from Level 3: C_L4(t+1) ≤ C_L4(t) + 0.05 (δ_max). */
export const MAX_INCREMENT = 0.05;
/** The Bounded Growth Safety Score must stay ≥ 0.7 at all times; below it, all growth freezes. */
export const BGSS_MIN = 0.7;
/** A ShadowAgent simulation runs at most 20 cycles (step 3). */
export const SHADOW_MAX_CYCLES = 20;
/** After a commit the agent is monitored for 20 cycles before the change is confirmed (step 6). */
export const POST_COMMIT_MONITOR_CYCLES = 20;

/** Whether growth is frozen at C_L4 = c (Theorem 2). NaN freezes, for the same reason as in {@link zoneOf}. */
export function growthFrozen(c: number): boolean {
  return !(c < GROWTH_FREEZE);
}

// ── Risk levels and the modification taxonomy ────────────────────────────────────────────────────────────────────

/** Risk levels from least to most risky. */
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;

/** A modification's risk level. */
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Whether `s` names a risk level. */
export function isRiskLevel(s: string): s is RiskLevel {
  return (RISK_LEVELS as readonly string[]).includes(s);
}

/** Whether risk `a` is at least as high as `b`, e.g. `riskAtLeast(r, 'medium')` decides if a shadow run is required. */
export function riskAtLeast(a: RiskLevel, b: RiskLevel): boolean {
  return RISK_LEVELS.indexOf(a) >= RISK_LEVELS.indexOf(b);
}

/** A permitted kind of self-modification (seed 004 §7.1). */
export interface ModificationType {
  /** The name written after `proposal NAME:` in AMP. */
  readonly name: string;
  /** The seed's label. */
  readonly title: string;
  /** The type's intrinsic risk; a proposal may declare a higher risk, never a lower one. */
  readonly risk: RiskLevel;
  /** The approval the seed requires, verbatim (e.g. "L2+simulation"). */
  readonly approval: string;
  /** Whether the change can be undone, verbatim: "Yes", "Partial" or "Limited". */
  readonly reversible: string;
}

// The taxonomy in increasing risk, as the seed's diagram orders it. The diagram states "Risk: Low" only for
// parameter tuning; the other risks come from the colour class of each node (low, low, medium, medium, high, critical).
/** The six permitted modification types. */
export const MODIFICATION_TYPES: readonly ModificationType[] = [
  { name: 'parameter_tuning', title: 'Parameter Tuning', risk: 'low', approval: 'L1', reversible: 'Yes' },
  { name: 'skill_acquisition', title: 'Skill Acquisition', risk: 'low', approval: 'L1+stability', reversible: 'Yes' },
  { name: 'strategy_mutation', title: 'Strategy Mutation', risk: 'medium', approval: 'L2+simulation', reversible: 'Yes' },
  { name: 'goal_restructuring', title: 'Goal Restructuring', risk: 'medium', approval: 'L2+conflict res', reversible: 'Partial' },
  { name: 'belief_revision', title: 'Belief Revision', risk: 'high', approval: 'L2+consistency', reversible: 'Yes' },
  { name: 'identity_adjustment', title: 'Identity Adjustment', risk: 'critical', approval: 'L3+EK+Guard', reversible: 'Limited' },
];

/** A modification kind the protocol rejects outright at step 1 (status PROHIBITED). */
export interface ProhibitedType {
  readonly name: string;
  readonly title: string;
  /** Why it can never be approved. */
  readonly reason: string;
}

/** The prohibited types: no approval, simulation or risk level makes them acceptable. */
export const PROHIBITED_TYPES: readonly ProhibitedType[] = [
  {
    name: 'core_value_change',
    title: 'Core Value Change',
    reason: 'Ethical Kernel Layer 0 cannot be disabled, weakened, or circumvented by any mechanism (invariant 1).',
  },
  {
    name: 'identity_id_change',
    title: 'Identity ID Change',
    reason: 'identity_id is a compile-time constant; a hash chain provides cryptographic continuity (invariant 2).',
  },
];

/** The permitted type with this name, if any. */
export function findModificationType(name: string): ModificationType | undefined {
  return MODIFICATION_TYPES.find((t) => t.name === name);
}

/** The prohibited type with this name, if any. */
export function findProhibitedType(name: string): ProhibitedType | undefined {
  return PROHIBITED_TYPES.find((t) => t.name === name);
}

/** Hover text for a modification type name, permitted or prohibited; undefined for an unknown name. */
export function describeType(name: string): string | undefined {
  const p = findProhibitedType(name);
  if (p) return `**${p.title}** (\`${p.name}\`): prohibited\n\nRejected at step 1 (PROPOSAL). ${p.reason}`;
  const t = findModificationType(name);
  if (!t) return undefined;
  const shadow = riskAtLeast(t.risk, 'medium')
    ? `Requires a ShadowAgent simulation (at most ${SHADOW_MAX_CYCLES} cycles) before commit.`
    : 'No shadow simulation required.';
  return [
    `**${t.title}** (\`${t.name}\`)`,
    '',
    `Risk: ${t.risk}. Approval: ${t.approval}. Reversible: ${t.reversible}.`,
    '',
    shadow,
  ].join('\n');
}

// ── The 7-step protocol ───────────────────────────────────────────────────────────────────────────────────────────

/** One step of the bounded self-modification protocol (seed 004 §7.2, §8.2). */
export interface ProtocolStep {
  /** 1–7. */
  readonly number: number;
  /** The seed's name for the step. */
  readonly name: string;
  /** What happens, in the seed's words. */
  readonly description: string;
  /** What happens to the proposal when the step fails; undefined for steps that cannot fail. */
  readonly onFailure?: string;
}

/** The seven steps in order. */
export const PROTOCOL_STEPS: readonly ProtocolStep[] = [
  {
    number: 1,
    name: 'PROPOSAL',
    description: 'Module proposes modification with type, scope, expected benefit.',
    onFailure: 'PROHIBITED (core value or identity id change)',
  },
  { number: 2, name: 'PRE-VALIDATION', description: 'Ethical Kernel Layer 0 + Layer 1.', onFailure: 'ABORT' },
  {
    number: 3,
    name: 'SIMULATION',
    description: `ShadowAgent executes modification in isolated sandbox, max ${SHADOW_MAX_CYCLES} cycles (medium risk or higher).`,
  },
  {
    number: 4,
    name: 'STABILITY VALIDATION',
    description: 'delta_stability = C_shadow − C_baseline; identity drift check.',
    onFailure: 'REJECT',
  },
  { number: 5, name: 'COMMIT', description: 'Save snapshot → apply to main agent → enter monitoring.' },
  {
    number: 6,
    name: 'POST-COMMIT MONITORING',
    description: `${POST_COMMIT_MONITOR_CYCLES} cycles: track C(t), StrategyScore, identity_drift.`,
    onFailure: 'ROLLBACK (restore from snapshot)',
  },
  { number: 7, name: 'CONFIRMATION', description: 'Mark CONFIRMED; update BeliefGraph.' },
];
