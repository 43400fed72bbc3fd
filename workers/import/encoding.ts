/**
 * Encoding detection for text exports: BOM, UTF-16 without BOM (zero-byte pattern), strict
 * UTF-8, then GB18030 vs Big5 decided by which strict decoding yields more common Chinese
 * characters (simplified and traditional); windows-1252 as the last resort. A file whose
 * non-ASCII lines are mostly valid UTF-8 is UTF-8 even when a few lines are not (a stray GBK
 * word pasted in must not turn the whole file into mojibake): those lines are reported.
 */

export interface DecodedText {
  text: string;
  encoding: string;
  /** A UTF-8 file with a few lines in another encoding: those lines (1-based), shown with U+FFFD. */
  badLines?: number[];
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

/** A file is UTF-8 when at least this share of its lines with non-ASCII bytes are valid UTF-8. */
const UTF8_LINE_SHARE = 0.8;
const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Lines with non-ASCII bytes, and the 1-based numbers of those that are not valid UTF-8. */
function utf8Lines(bytes: Uint8Array): { nonAscii: number; bad: number[] } {
  let nonAscii = 0;
  const bad: number[] = [];
  let line = 1;
  for (let start = 0; start < bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    let high = false;
    for (let i = start; i < end; i++)
      if (bytes[i] >= 0x80) {
        high = true;
        break;
      }
    if (high) {
      nonAscii++;
      try {
        fatalUtf8.decode(bytes.subarray(start, end));
      } catch {
        bad.push(line);
      }
    }
    start = end + 1;
  }
  return { nonAscii, bad };
}

/** The encoding of a text file's bytes (WHATWG label). */
export function detectEncoding(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const u16 = utf16Guess(bytes);
  if (u16) return u16;
  let ascii = true;
  for (let i = 0; i < bytes.length; i++)
    if (bytes[i] >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) return 'utf-8';
  // A large file: judge on its first 256 KB, then the full decode confirms (or falls back).
  const sample = sampleOf(bytes, 256 * 1024);
  if (strict(sample, 'utf-8') !== null) return 'utf-8';
  const { nonAscii, bad } = utf8Lines(sample);
  if (nonAscii >= 3 && (nonAscii - bad.length) / nonAscii >= UTF8_LINE_SHARE) return 'utf-8';
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
  if (encoding === 'utf-8' && text.includes('\ufffd')) {
    const { bad } = utf8Lines(bytes);
    if (bad.length) return { text, encoding, badLines: bad };
  }
  return { text, encoding };
}
