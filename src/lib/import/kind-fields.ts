/**
 * The one dictionary of accepted source headers: for every kind, each canonical field with the
 * zh/en header synonyms that map to it (best first). Used by kind detection, column mapping and
 * docs/data-format.md. Headers are compared after headerKey() (NFKC, T→S, lower case, no
 * brackets/spaces/underscores), so 會員卡號, Member ID and member_id need no separate entries.
 */
import type { ImportKind } from '../engine/import-types.ts';

export interface FieldSpec {
  readonly field: string;
  readonly synonyms: readonly string[];
  /** A row without it is rejected; a file without it cannot be this kind. */
  readonly required?: boolean;
  /** Required but generated from the line number when the file has no such column (CDNOW). */
  readonly synthesized?: boolean;
  /** Weight in kind detection: 2 for fields that tell kinds apart. */
  readonly weight?: number;
}

const MEMBER_ID = ['会员卡号', '会员编号', '会员号', '会员id', '卡号', '会员', '会员账号', '顾客编号', '顾客id', '客户编号', '客户id', '客户号', 'member_id', 'memberid', 'member', 'member_no', 'card_no', 'customer_id', 'customerid', 'customer', 'customer_no', 'client_id', 'user_id', '手机号', '手机号码', '手机'];
const STORE = ['门店', '门店名称', '门店名', '消费门店', '交易门店', '销售门店', '下单门店', '购买门店', '收银门店', '成交门店', '店铺', '店铺名称', '店名', '门店编号', '分店', '网点', '商店', '店', 'store', 'store_name', 'shop', 'shop_name', 'branch', 'outlet'];
const CHANNEL = ['渠道', '销售渠道', '下单渠道', '订单来源', '来源', 'channel', 'sales_channel', 'source'];
const QUANTITY = ['数量', '件数', '商品数量', '购买数量', '销售数量', '商品件数', '总件数', 'quantity', 'qty', 'items', 'item_count', 'number_of_items', 'number_of_cds', 'units'];
const AMOUNT = ['实付金额', '实收金额', '实付', '实收', '消费金额', '金额', '订单金额', '支付金额', '付款金额', '销售额', '销售金额', '成交金额', '总金额', '合计金额', 'amount', 'total', 'total_amount', 'order_amount', 'paid', 'sales', 'revenue', 'dollar_value', 'value', 'net_amount'];
const TIME = ['日期', '时间', 'date', 'time', 'datetime', 'timestamp'];
const ORDER_TIME = ['下单时间', '交易时间', '销售日期', '订单日期', '消费时间', '消费日期', '购买时间', '购买日期', '支付时间', '付款时间', '交易日期', '销售时间', '下单日期', 'invoicedate', 'invoice_date', 'order_date', 'order_time', 'purchase_date', 'transaction_date', 'created_at', ...TIME];
const TIER = ['会员等级', '等级', '卡类型', '卡等级', '卡种', '会员级别', '级别', 'tier', 'level', 'grade', 'membership_level', 'member_level'];

/** Canonical fields and their synonyms, per import kind. */
export const KIND_FIELDS: Record<ImportKind, readonly FieldSpec[]> = {
  orders: [
    { field: 'order_id', required: true, synthesized: true, synonyms: ['订单号', '订单编号', '订单id', '单号', '小票号', '流水号', '交易号', '交易单号', '单据号', '单据编号', '销售单号', '票号', 'order_id', 'orderid', 'order_no', 'order', 'invoiceno', 'invoice_no', 'invoice', 'transaction_id', 'receipt_no', 'bill_no'] },
    { field: 'order_time', required: true, synonyms: ORDER_TIME },
    { field: 'member_id', synonyms: MEMBER_ID },
    { field: 'store', synonyms: STORE },
    { field: 'channel', synonyms: CHANNEL },
    { field: 'amount', required: true, weight: 2, synonyms: AMOUNT },
    { field: 'item_count', synonyms: QUANTITY },
    { field: 'discount', synonyms: ['折扣', '折扣金额', '优惠', '优惠金额', '减免', '减免金额', 'discount', 'discount_amount'] },
    { field: 'points_used', synonyms: ['积分抵扣', '使用积分', '积分抵现', '抵扣积分', '积分使用', '消耗积分', 'points_used', 'points_redeemed'] },
    { field: 'is_refund', synonyms: ['是否退款', '是否退货', '退款', '退货', '退款标识', '退货标识', 'is_refund', 'refund', 'returned'] },
  ],
  line_items: [
    { field: 'order_id', required: true, synonyms: ['订单号', '订单编号', '订单id', '单号', '小票号', '流水号', '交易号', '交易单号', '单据号', '销售单号', '票号', 'order_id', 'orderid', 'order_no', 'invoiceno', 'invoice_no', 'invoice', 'transaction_id', 'receipt_no', 'bill_no'] },
    { field: 'order_time', required: true, synonyms: ORDER_TIME },
    { field: 'member_id', synonyms: MEMBER_ID },
    { field: 'store', synonyms: STORE },
    { field: 'channel', synonyms: CHANNEL },
    { field: 'quantity', required: true, synonyms: QUANTITY },
    { field: 'unit_price', required: true, weight: 3, synonyms: ['单价', '商品单价', '售价', '零售价', '销售单价', '价格', 'unitprice', 'unit_price', 'price', 'item_price'] },
    { field: 'amount', synonyms: ['行金额', '小计', '商品金额', '明细金额', ...AMOUNT] },
  ],
  members: [
    { field: 'member_id', required: true, synonyms: MEMBER_ID },
    { field: 'join_date', weight: 2, synonyms: ['入会时间', '入会日期', '注册时间', '注册日期', '开卡时间', '开卡日期', '办卡日期', '加入日期', 'join_date', 'joined', 'signup_date', 'registered_at', 'registration_date', 'member_since'] },
    { field: 'tier', weight: 2, synonyms: TIER },
    { field: 'birthday', weight: 2, synonyms: ['生日', '出生日期', 'birthday', 'birth_date', 'date_of_birth', 'dob'] },
    { field: 'gender', weight: 2, synonyms: ['性别', 'gender', 'sex'] },
    { field: 'birth_year', synonyms: ['出生年份', '出生年', 'birth_year', 'year_of_birth'] },
    { field: 'phone', synonyms: ['手机号', '手机号码', '手机', '电话', '联系电话', 'phone', 'mobile', 'tel', 'phone_number'] },
    { field: 'home_store', synonyms: ['所属门店', '开卡门店', '注册门店', '归属门店', '常去门店', 'home_store', ...STORE] },
    { field: 'signup_channel', synonyms: ['注册渠道', '开卡渠道', '来源渠道', 'signup_channel', ...CHANNEL] },
    { field: 'name', synonyms: ['姓名', '会员姓名', '客户姓名', '顾客姓名', '会员名称', '名字', 'name', 'member_name', 'customer_name', 'full_name'] },
  ],
  surveys: [
    { field: 'member_id', synonyms: MEMBER_ID },
    { field: 'survey_time', required: true, synonyms: ['评价时间', '调查时间', '提交时间', '填写时间', '反馈时间', '评价日期', 'survey_time', 'survey_date', 'submitted_at', 'response_date', ...TIME] },
    { field: 'score', required: true, weight: 3, synonyms: ['评分', '分数', '得分', '满意度', '满意度评分', '推荐度', '推荐指数', '推荐意愿', '打分', 'nps', 'csat', 'score', 'rating'] },
    { field: 'scale', synonyms: ['量表', '评分类型', '问卷类型', 'scale', 'survey_type'] },
    { field: 'comment', synonyms: ['评价', '评论', '评价内容', '留言', '意见', '反馈', '备注', 'comment', 'comments', 'feedback', 'remark'] },
    { field: 'store', synonyms: STORE },
  ],
  points: [
    { field: 'member_id', required: true, synonyms: MEMBER_ID },
    { field: 'points_time', required: true, synonyms: ['积分时间', '变动时间', '发生时间', '交易时间', 'points_time', ...TIME] },
    { field: 'points', required: true, weight: 3, synonyms: ['积分', '积分变动', '变动积分', '积分数', '积分值', '积分数量', 'points', 'point', 'points_change'] },
    { field: 'kind', synonyms: ['类型', '变动类型', '积分类型', '收支类型', '业务类型', 'type', 'kind'] },
    { field: 'reason', synonyms: ['原因', '说明', '事由', '备注', '描述', 'reason', 'note', 'description'] },
  ],
  tier_changes: [
    { field: 'member_id', required: true, synonyms: MEMBER_ID },
    { field: 'change_time', required: true, synonyms: ['变更时间', '变动时间', '升级时间', '降级时间', '调整时间', '生效时间', 'change_time', 'changed_at', ...TIME] },
    { field: 'from_tier', weight: 3, synonyms: ['原等级', '变更前等级', '旧等级', '原级别', '变更前', 'from_tier', 'old_tier', 'previous_tier', 'from'] },
    { field: 'to_tier', required: true, weight: 3, synonyms: ['新等级', '变更后等级', '目标等级', '新级别', '变更后', 'to_tier', 'new_tier', 'to'] },
  ],
  footfall: [
    { field: 'store', required: true, synonyms: STORE },
    { field: 'date', required: true, synonyms: ['统计日期', '日期', 'date', 'day'] },
    { field: 'visitors', required: true, weight: 3, synonyms: ['客流', '客流量', '进店人数', '到店人数', '进店客流', '访客数', '人数', '来客数', 'visitors', 'footfall', 'traffic', 'visits', 'visitor_count'] },
  ],
  benefits: [
    { field: 'member_id', required: true, synonyms: MEMBER_ID },
    { field: 'benefit_type', required: true, weight: 3, synonyms: ['权益类型', '权益', '权益名称', '福利类型', '券类型', '优惠券类型', '礼品类型', 'benefit_type', 'benefit', 'reward_type', 'perk', 'coupon_type'] },
    { field: 'issued_time', required: true, weight: 2, synonyms: ['发放时间', '发放日期', '领取时间', '领券时间', '获得时间', 'issued_time', 'issued_at', 'issue_date', 'granted_at'] },
    { field: 'used_time', weight: 2, synonyms: ['核销时间', '使用时间', '核销日期', '使用日期', '兑换时间', 'used_time', 'used_at', 'redeemed_at', 'redemption_date'] },
    { field: 'expiry_time', synonyms: ['过期时间', '到期时间', '有效期至', '失效时间', '截止日期', 'expiry_time', 'expiry', 'expires_at', 'expiry_date', 'valid_until'] },
    { field: 'face_value', synonyms: ['面值', '面额', '券面值', '权益价值', 'face_value', 'value', 'denomination'] },
    { field: 'cost', synonyms: ['成本', '权益成本', '门店成本', '费用', 'cost', 'store_cost'] },
    { field: 'campaign_id', synonyms: ['活动编号', '活动id', '活动号', '营销活动', '活动', 'campaign_id', 'campaign'] },
    { field: 'order_id', synonyms: ['核销订单号', '使用订单号', '订单号', '订单编号', 'redemption_order_id', 'order_id', 'order_no'] },
    { field: 'store', synonyms: ['核销门店', '发放门店', ...STORE] },
  ],
  campaigns: [
    { field: 'campaign_id', required: true, weight: 2, synonyms: ['活动编号', '活动id', '活动号', '营销活动编号', 'campaign_id', 'campaign'] },
    { field: 'campaign_name', weight: 2, synonyms: ['活动名称', '活动名', '营销活动', '活动主题', 'campaign_name', 'campaign_title'] },
    { field: 'channel', synonyms: ['触达渠道', '触达方式', '推送渠道', '发送渠道', '渠道', 'contact_channel', 'channel', 'medium'] },
    { field: 'member_id', required: true, synonyms: MEMBER_ID },
    { field: 'sent_time', required: true, weight: 2, synonyms: ['发送时间', '触达时间', '推送时间', '发送日期', '触达日期', 'sent_time', 'sent_at', 'send_date', 'contact_date', ...TIME] },
    { field: 'arm', weight: 3, synonyms: ['分组', '组别', '实验分组', '是否对照组', '对照组', '组', 'arm', 'group', 'test_group', 'variant', 'cohort'] },
    { field: 'cost_per_contact', synonyms: ['单条成本', '触达成本', '每人成本', '单次成本', '成本', 'cost_per_contact', 'unit_cost', 'cost'] },
  ],
  communities: [
    { field: 'member_id', required: true, synonyms: MEMBER_ID },
    { field: 'group_name', required: true, weight: 3, synonyms: ['社群', '社群名称', '群名称', '群名', '社群名', '微信群', 'community', 'group_name', 'community_name', 'group'] },
    { field: 'joined_date', weight: 2, synonyms: ['入群时间', '入群日期', '加入时间', '进群时间', 'joined_date', 'joined_at', 'join_date'] },
    { field: 'left_date', weight: 2, synonyms: ['退群时间', '退群日期', '离开时间', '退出时间', 'left_date', 'left_at', 'leave_date'] },
  ],
};
