/**
 * Text normalisation shared by header matching and value parsing: full-width → half-width
 * (NFKC), traditional → simplified for the characters our synonyms and labels use, and the
 * header key form that synonyms are compared in.
 */

// Only the characters that occur in synonyms, tier/channel labels and summary labels: enough to
// read a Big5 (Taiwan/HK) export with the same dictionary, without shipping a full T→S table.
const PAIRS =
  '會会 員员 號号 碼码 門门 訂订 單单 時时 間间 實实 額额 銷销 價价 數数 點点 積积 級级 機机 電电 話话 優优 類类 評评 論论 ' +
  '滿满 變变 動动 後后 來来 戶户 開开 註注 冊册 別别 齡龄 歸归 屬属 線线 計计 總总 內内 簽签 鑽钻 銀银 費费 稱称 據据 購购 ' +
  '買买 換换 標标 識识 貨货 態态 區区 賬账 帳账 網网 導导 見见 饋馈 調调 從从 現现 當当 舊旧 統统 進进 錢钱';
const T2S = new Map<string, string>();
for (const pair of PAIRS.split(' ')) if (pair[0] !== pair[1]) T2S.set(pair[0], pair[1]);

/** Traditional → simplified for the characters the dictionary knows; other characters unchanged. */
export function toSimplified(s: string): string {
  let out = '';
  for (const ch of s) out += T2S.get(ch) ?? ch;
  return out;
}

/** NFKC (full-width digits, letters, `．，￥` → ASCII/half-width), then T→S. */
export function foldText(s: string): string {
  return toSimplified(s.normalize('NFKC'));
}

// Units in brackets are dropped so 实付金额(元) and 金额（RMB） match 实付金额 and 金额.
const BRACKETED = /[(（[【][^)）\]】]*[)）\]】]/g;
const SEPARATORS = /[\s_\-./:：#·'"“”]+/g;

/** The form headers and synonyms are compared in: folded, lower case, no brackets or separators. */
export function headerKey(s: string): string {
  const folded = foldText(s).toLowerCase();
  const stripped = folded.replace(BRACKETED, '').replace(SEPARATORS, '');
  // A header that is only a bracketed word, e.g. "(备注)", keeps its text.
  return stripped || folded.replace(/[^\p{L}\p{N}]+/gu, '');
}

const SUMMARY_LABELS = new Set(['合计', '总计', '小计', '汇总', '总和', '共计', 'total', 'totals', 'grandtotal', 'subtotal', 'sum']);

/** True when a cell is a summary label like 合计 / 總計 / Total (optionally with a colon). */
export function isSummaryLabel(cell: string): boolean {
  if (cell.length === 0 || cell.length > 14) return false;
  return SUMMARY_LABELS.has(headerKey(cell));
}
