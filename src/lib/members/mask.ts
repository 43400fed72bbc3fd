/** Masking of personal data shown or exported from the member list. */

/**
 * A phone with its middle hidden, the way Chinese apps show it: 13812345678 → 138****5678.
 * Shorter numbers keep at most their last 2 digits; null/empty stays empty.
 */
export function maskPhone(phone: string | null | undefined): string {
  const p = (phone ?? '').trim();
  if (!p) return '';
  if (p.length >= 8) return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`;
  return `${'*'.repeat(Math.max(p.length - 2, 1))}${p.length > 2 ? p.slice(-2) : ''}`;
}

/**
 * A name with all but its first character hidden, as Chinese apps show it: 张伟 → 张*, 欧阳娜娜 → 欧***,
 * John Smith → J*** *****. Spaces are kept so the shape stays readable; null/empty stays empty.
 */
export function maskName(name: string | null | undefined): string {
  const chars = [...(name ?? '').trim()];
  if (chars.length === 0) return '';
  return (
    chars[0] +
    chars
      .slice(1)
      .map((c) => (c === ' ' ? ' ' : '*'))
      .join('')
  );
}
