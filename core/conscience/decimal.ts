// Exact decimal arithmetic for conscience weights and E_ext costs: sums of values such as 0.1 + 0.2 that binary
// floating point gets slightly wrong, which could tie what should differ or order what should tie.

/**
 * A decimal number held exactly: `units / 10^scale`. Values come from JavaScript numbers taken at their shortest
 * round-trip representation (`String(x)`), which is what a spec wrote: the literal `0.55` becomes exactly 0.55, not
 * the binary double nearest to it. Sums and products of such values are exact, so comparisons never depend on
 * rounding. Instances are immutable.
 */
export class Decimal {
  private constructor(
    /** The integer numerator. */
    readonly units: bigint,
    /** The power of ten dividing it (≥ 0). */
    readonly scale: number,
  ) {
    Object.freeze(this);
  }

  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);

  /**
   * The exact decimal a finite number is written as. Throws RangeError for NaN and ±Infinity: callers validate
   * their input first, and a weight that is not a number must never turn into some number silently.
   */
  static of(x: number): Decimal {
    if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
    return Decimal.parse(String(x));
  }

  /** Parses a decimal literal such as `-12.5`, `0.55` or `1e-7`. Throws RangeError when it is not one. */
  static parse(text: string): Decimal {
    const m = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (!m) throw new RangeError(`not a decimal number: '${text}'`);
    const [, sign, int, frac = '', exp = '0'] = m;
    let units = BigInt(int + frac);
    let scale = frac.length - Number(exp);
    if (scale < 0) {
      units *= 10n ** BigInt(-scale);
      scale = 0;
    }
    return Decimal.make(sign === '-' ? -units : units, scale);
  }

  private static make(units: bigint, scale: number): Decimal {
    // Normal form: no trailing zeros in the fraction, so equal values have equal fields and toString is canonical.
    while (scale > 0 && units % 10n === 0n) {
      units /= 10n;
      scale--;
    }
    if (units === 0n) return Decimal.ZERO ?? new Decimal(0n, 0);
    return new Decimal(units, scale);
  }

  private static align(a: Decimal, b: Decimal): [bigint, bigint, number] {
    const scale = Math.max(a.scale, b.scale);
    return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
  }

  add(other: Decimal): Decimal {
    const [x, y, scale] = Decimal.align(this, other);
    return Decimal.make(x + y, scale);
  }

  sub(other: Decimal): Decimal {
    const [x, y, scale] = Decimal.align(this, other);
    return Decimal.make(x - y, scale);
  }

  mul(other: Decimal): Decimal {
    return Decimal.make(this.units * other.units, this.scale + other.scale);
  }

  /** −1, 0 or 1 as this is less than, equal to or greater than `other`. */
  cmp(other: Decimal): -1 | 0 | 1 {
    const [x, y] = Decimal.align(this, other);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  /** The exact value as a plain decimal string, e.g. "0.45" or "-3" (never exponent notation). */
  toString(): string {
    const neg = this.units < 0n;
    const digits = (neg ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    const int = digits.slice(0, digits.length - this.scale);
    const frac = digits.slice(digits.length - this.scale);
    return (neg ? '-' : '') + int + (frac ? '.' + frac : '');
  }

  /** The nearest JavaScript number (for display and charts; comparisons use the exact value). */
  toNumber(): number {
    return Number(this.toString());
  }

  toJSON(): string {
    return this.toString();
  }

  /** The sum of a list (0 for an empty one). */
  static sum(xs: Iterable<Decimal>): Decimal {
    let s = Decimal.ZERO;
    for (const x of xs) s = s.add(x);
    return s;
  }
}
