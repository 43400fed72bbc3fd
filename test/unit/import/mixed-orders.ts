// An orders CSV for the SQL import's tests: many plain rows (its fast path) with a few of every kind it hands to the JS converters.

export const HEADER = '订单号,下单时间,会员卡号,门店,渠道,实付金额,件数,是否退款';

/** Many plain rows (the fast path) with a few of every kind the projection hands to the JS path. */
export function mixedFile(): string {
  const lines = ['导出时间：2025-01-01', HEADER]; // a preamble line: the header is line 2
  const special: Record<number, string> = {
    7: 'B7,2023-02-29 10:00:00,M1,旗舰店,线上,10.00,1,', // no such day: rejected
    11: 'B11,2024-03-05 10:00:00,M2,旗舰店,线下,N/A,1,', // unreadable amount: rejected
    13: 'B13,2024/3/5 14:05,M3,旗舰店,线下,¥1,234.50,2,', // slash date; the comma splits the amount: ¥1 loaded, 234.50 not a count (warned)
    17: 'B17,2024年3月5日,M4, 社区店 ,微信小程序,(30.00),1,', // slow but loaded: CJK date, padded store, mini-program, negative in brackets
    19: 'B19,2024-03-05 24:00:00,M5,旗舰店,线上,10,1,', // hour 24: rejected
    23: 'B23,2024-03-05 10:00:60,M5,旗舰店,线上,10,1,', // second 60: rejected
    29: 'B29,2024-03-05 10:00:00,,旗舰店,到店自提,10,1,', // unknown channel: kept, warned
    31: 'B31,2024-03-05 10:00:00,M6,旗舰店,线上,25,1,是', // flagged refund: amount made negative
    37: 'B37,2024-03-05 10:00:00,M7,旗舰店,线上,-8,x,', // negative amount = refund; unreadable optional count: left empty, warned
    41: ',,,,,,,', // blank row: skipped, not read
    43: 'B43,1709618700,M8,旗舰店,线上,1e3,1,', // epoch seconds, exponent: slow but loaded
    47: 'B47,2024-03-05,M9,旗舰店,线上,5,2147483648,', // integer out of range: rejected
    53: 'B53,1899-12-31 00:00:00,M9,旗舰店,线上,5,1,', // year before 1900: rejected
    59: 'B59,2024-03-05 10:00:00,M9,旗舰店,线上,1000000000001,1,', // beyond 1e12: rejected
    61: 'B61,2024-03-05 10:00:00,M9,旗舰店,线上,0x10,1,', // hex is not a number here: rejected
  };
  for (let i = 1; i <= 400; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(
      special[i] ??
        `A${i},2024-02-${day} ${String(i % 24).padStart(2, '0')}:0${i % 10}:${String(i % 60).padStart(2, '0')},${i % 10 ? `M${i % 37}` : ''},店${i % 3},${i % 4 ? '线下' : '线上'},${(i * 1.25).toFixed(2)},${1 + (i % 5)},${i % 9 ? '' : '否'}`,
    );
  }
  lines.push('合计,,,,,12345,,'); // summary row: skipped
  return `${lines.join('\n')}\n`;
}
