/**
 * Encoding detection for text exports: BOM, UTF-16 without BOM (zero-byte pattern), strict
 * UTF-8, then GB18030 vs Big5 decided by which strict decoding yields more common Chinese
 * characters (simplified and traditional); windows-1252 as the last resort.
 */

export interface DecodedText {
  text: string;
  encoding: string;
}

// Frequent characters in both scripts (general text + retail exports). A GBK file read as Big5,
// or the reverse, decodes into rare characters that are mostly not in this set.
const COMMON = new Set(
  ('的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明此' +
    '会员卡号金额门店时间日期销售订单合计总计数量单价渠道线上线下积分等级评分生日性别男女手机注册消费实付退款优惠折扣客流报表导出' +
    '會員號金額門時間銷訂單數價線積級評機註冊費實退優惠導這個們為來說時對於過還發學後裡麼當經見現動兩長樣將與點進開問關車東國') as string,
);

function strict(bytes: Uint8Array, label: string): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function commonScore(text: string): number {
  let n = 0;
  for (const ch of text) if (COMMON.has(ch)) n++;
  return n;
}

/** UTF-16 without BOM shows as zero bytes in every other position of mostly-ASCII text. */
function utf16Guess(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const half = n / 2;
  if (oddZero > half * 0.4 && evenZero < half * 0.05) return 'utf-16le';
  if (evenZero > half * 0.4 && oddZero < half * 0.05) return 'utf-16be';
  return null;
}

/** Cut a sample at a safe point: the last newline byte keeps multi-byte characters whole. */
function sampleOf(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  const nl = bytes.lastIndexOf(0x0a, max);
  return bytes.subarray(0, nl > 0 ? nl + 1 : max);
}

/** The encoding of a text file's bytes (WHATWG label). */
export function detectEncoding(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const u16 = utf16Guess(bytes);
  if (u16) return u16;
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) { ascii = false; break; }
  if (ascii) return 'utf-8';
  // A large file: judge on its first 256 KB, then the full decode confirms (or falls back).
  const sample = sampleOf(bytes, 256 * 1024);
  if (strict(sample, 'utf-8') !== null) return 'utf-8';
  const gb = strict(sample, 'gb18030');
  const big5 = strict(sample, 'big5');
  if (gb !== null && big5 !== null) return commonScore(big5) > commonScore(gb) ? 'big5' : 'gb18030';
  if (gb !== null) return 'gb18030';
  if (big5 !== null) return 'big5';
  return 'windows-1252';
}

/** Bytes → text in the detected encoding, without BOM. Invalid sequences become U+FFFD. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const encoding = detectEncoding(bytes);
  // TextDecoder drops a BOM that matches its encoding (ignoreBOM defaults to false).
  const text = new TextDecoder(encoding).decode(bytes);
  return { text, encoding };
}
