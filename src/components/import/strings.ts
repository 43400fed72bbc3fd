/** Every visible string of the import flow, zh and en. */
import { defineStrings } from '../../lib/i18n.ts';
import type { Lang } from '../../lib/format.ts';
import { KIND_FIELDS } from '../../lib/import/kind-fields.ts';
import type { ImportKind } from '../../lib/engine/import-types.ts';

export const s = defineStrings({
  intro: {
    zh: '导入门店系统导出的订单、会员、满意度、积分、等级变更、客流文件（CSV / TXT / Excel / Parquet，可多选）。文件只在本机浏览器中读取，不会上传。',
    en: 'Import the exports of your store system: orders, members, surveys, points, tier changes, footfall (CSV / TXT / Excel / Parquet, several at once). Files are read in this browser only; nothing is uploaded.',
  },
  drop: { zh: '把文件拖到这里，或', en: 'Drop files here, or' },
  choose: { zh: '选择文件…', en: 'Choose files…' },
  reading: { zh: '正在读取…', en: 'Reading…' },
  remove: { zh: '移除', en: 'Remove' },
  format: { zh: '格式', en: 'Format' },
  encoding: { zh: '编码', en: 'Encoding' },
  sheet: { zh: '工作表', en: 'Sheet' },
  kind: { zh: '数据类型', en: 'Table' },
  kind_unknown: { zh: '请选择…', en: 'Choose…' },
  mapping: { zh: '列对应', en: 'Column mapping' },
  field: { zh: '字段', en: 'Field' },
  column: { zh: '文件中的列', en: 'Column in the file' },
  samples: { zh: '样例值', en: 'Sample values' },
  not_mapped: { zh: '（不导入）', en: '(not imported)' },
  required: { zh: '必填', en: 'required' },
  missing_required: { zh: '必填字段未对应：', en: 'Required fields not mapped: ' },
  remembered: { zh: '已套用上次确认的列对应', en: 'Using the mapping you confirmed last time' },
  append: { zh: '追加到当前数据（不勾选则替换全部数据）', en: 'Add to the current data (otherwise the whole dataset is replaced)' },
  import: { zh: '导入', en: 'Import' },
  file_changed: {
    zh: '选择之后文件在磁盘上被修改或移动了，已从列表中移除。请重新选择这个文件。',
    en: 'the file changed on disk after it was chosen, so it was taken off the list. Choose it again.',
  },
  cancel: { zh: '取消', en: 'Cancel' },
  phase_parsing: { zh: '正在解析', en: 'Parsing' },
  phase_loading: { zh: '正在载入分析引擎', en: 'Loading into the engine' },
  phase_saving: { zh: '正在保存到本机', en: 'Saving on this device' },
  rows: { zh: '行', en: 'rows' },
  cancelled: { zh: '导入已取消，数据未改变。', en: 'Import cancelled; the data is unchanged.' },
  failed: { zh: '导入失败，数据未改变：', en: 'Import failed; the data is unchanged:' },
  done: { zh: '导入完成。', en: 'Import complete.' },
  not_saved: {
    zh: '数据已载入，但未能保存到本机（刷新后会恢复之前的数据）：',
    en: 'The data is loaded but could not be saved on this device (a reload brings back the previous data):',
  },
  report_title: { zh: '导入报告', en: 'Import report' },
  rows_read: { zh: '读取数据行', en: 'Rows read' },
  rows_loaded: { zh: '成功导入', en: 'Rows loaded' },
  rows_rejected: { zh: '被拒绝', en: 'Rows rejected' },
  output_rows: { zh: '生成订单', en: 'Orders built' },
  header_line: { zh: '表头在第 {n} 行', en: 'Header on line {n}' },
  preamble_rows: { zh: '表头前跳过的标题行', en: 'Title lines skipped above the header' },
  summary_rows: { zh: '跳过的合计行', en: 'Summary (total) lines skipped' },
  blank_rows: { zh: '跳过的空行', en: 'Blank lines skipped' },
  duplicates: { zh: '重复的订单号', en: 'Duplicate order ids' },
  tier_mapping: { zh: '会员等级对应', en: 'Tier mapping' },
  warnings: { zh: '提示', en: 'Notes' },
  first_rejected: { zh: '前几条被拒绝的行', en: 'First rejected rows' },
  file: { zh: '文件', en: 'File' },
  row: { zh: '行号', en: 'Row' },
  value: { zh: '值', en: 'Value' },
  reason: { zh: '原因', en: 'Reason' },
  colon: { zh: '：', en: ': ' },
  rejected_column: { zh: '列', en: 'Column' },
  download_rejected: { zh: '下载全部被拒绝的行（CSV）', en: 'Download all rejected rows (CSV)' },
  saved_on_device: { zh: '当前数据已保存在本机', en: 'The current data is saved on this device' },
  saved_memory: { zh: '此浏览器不允许保存，刷新后需重新导入', en: 'This browser does not allow saving; a reload needs a new import' },
  showing_demo: { zh: '当前显示的是示例数据。', en: 'You are looking at the demo data.' },
  clear: { zh: '清除全部数据', en: 'Clear all data' },
  clear_confirm: { zh: '删除本机保存的导入数据并回到示例数据？', en: 'Delete the imported data saved on this device and go back to the demo data?' },
  cleared: { zh: '已清除，正在显示示例数据。', en: 'Cleared; showing the demo data.' },
});

const KIND_LABELS: Record<ImportKind, { zh: string; en: string }> = {
  orders: { zh: '订单', en: 'Orders' },
  line_items: { zh: '订单明细（商品行）', en: 'Order lines (items)' },
  members: { zh: '会员', en: 'Members' },
  surveys: { zh: '满意度 / 评价', en: 'Surveys' },
  points: { zh: '积分流水', en: 'Points' },
  tier_changes: { zh: '等级变更', en: 'Tier changes' },
  footfall: { zh: '客流', en: 'Footfall' },
  benefits: { zh: '权益发放与核销', en: 'Benefits issued and used' },
  campaigns: { zh: '营销触达', en: 'Campaign contacts' },
  communities: { zh: '社群', en: 'Communities' },
};

export const KINDS = Object.keys(KIND_LABELS) as ImportKind[];

/** The name of a table kind in the UI language. */
export const kindLabel = (kind: ImportKind, lang: Lang): string => KIND_LABELS[kind][lang];

/** A canonical field as shown: its usual Chinese header in zh, its name in en. */
export const fieldLabel = (f: { field: string; label: string }, lang: Lang): string => (lang === 'zh' ? f.label : f.field.replaceAll('_', ' '));

/** The header's line number as the user sees it in the file (Excel row / text line), one way everywhere. */
export const headerLine = (line: number, lang: Lang): string => s('header_line', lang).replace('{n}', String(line));

/** Canonical field name → its usual Chinese header (the first synonym), over every kind. */
const ZH_FIELD = new Map<string, string>();
for (const fields of Object.values(KIND_FIELDS)) for (const f of fields) if (!ZH_FIELD.has(f.field)) ZH_FIELD.set(f.field, f.synonyms[0]);

/**
 * An import message in one language: the worker writes warnings and rejection reasons as
 * "中文 / English"; this keeps the half for `lang` and shows canonical field names in parentheses,
 * e.g. `(order_time)`, as field labels (下单时间 / order time).
 */
export function localizeMessage(text: string, lang: Lang): string {
  const split = text.indexOf(' / ');
  const half = split < 0 ? text : lang === 'zh' ? text.slice(0, split) : text.slice(split + 3);
  return half.replace(/\(([a-z][a-z_]*)\)/g, (whole, field: string) => {
    const zh = ZH_FIELD.get(field);
    if (!zh) return whole;
    return lang === 'zh' ? `（${zh}）` : `(${field.replaceAll('_', ' ')})`;
  });
}
