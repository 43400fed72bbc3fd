/**
 * The 短板 playbook: for each compass KPI, what a weak value usually means and 2–3 actions from
 * membership-loyalty practice, each aimed at the member list it targets (a member-list link).
 * Data, not components: the compass panel, the tests and any report read this one definition.
 */
import type { Localized } from '../metrics/define.ts';
import type { MemberTarget } from '../view/member-links.ts';
import type { ChangeAction, PaysVerdict } from '../campaigns/what-to-change.ts';

export interface PlaybookAction {
  /** Stable id (tests, data attributes). */
  readonly id: string;
  readonly label: Localized;
  /** The members the action is aimed at. */
  readonly target: MemberTarget;
}

export interface PlaybookEntry {
  /** What a low value usually means, one line. */
  readonly meaning: Localized;
  readonly actions: readonly PlaybookAction[];
}

const eleven = (group: string): MemberTarget => ({ list: 'rfm', scheme: 'eleven', group });
const cn8 = (group: string): MemberTarget => ({ list: 'rfm', scheme: 'cn8', group });

/** Playbook per compass KPI id (the columns of `store_compass`). */
export const PLAYBOOK: Readonly<Record<string, PlaybookEntry>> = {
  repurchase_rate: {
    meaning: { zh: '会员买了一次就不再来，缺少再次消费的理由', en: 'Members buy once and find no reason to come back' },
    actions: [
      {
        id: 'second_visit_points',
        label: { zh: '新会员二次消费积分翻倍（30 天内有效）', en: 'Double points on a new member’s second visit within 30 days' },
        target: { list: 'lifecycle', stage: 'new' },
      },
      {
        id: 'member_day',
        label: { zh: '每月固定会员日：专享价 + 积分加倍，提醒潜力客户', en: 'A monthly member day (member prices, double points) announced to potential loyalists' },
        target: eleven('potential_loyalist'),
      },
      {
        id: 'birthday_privilege',
        label: { zh: '生日月特权：生日券 + 到店礼，提前一周提醒', en: 'Birthday-month privileges (coupon, in-store gift), reminded a week ahead' },
        target: { list: 'lifecycle', stage: 'active' },
      },
    ],
  },
  return_to_store_rate: {
    meaning: { zh: '上期来过的会员这期没有回来，正在走向沉睡', en: 'Last period’s buyers did not come back and are drifting towards sleep' },
    actions: [
      {
        id: 'winback_about_to_sleep',
        label: { zh: '给“渐冷客户”发限时回店券（14 天有效）', en: 'Time-limited come-back coupon (14 days) for members about to sleep' },
        target: eleven('about_to_sleep'),
      },
      {
        id: 'at_risk_reminder',
        label: { zh: '预警期会员：导购一对一微信/电话回访', en: 'Personal message or call from staff to members at risk' },
        target: { list: 'lifecycle', stage: 'at_risk' },
      },
      {
        id: 'cannot_lose_call',
        label: { zh: '“不能失去”的高价值会员：店长亲自邀约到店', en: 'Store manager invites high-value “cannot lose” members back in person' },
        target: eleven('cannot_lose'),
      },
    ],
  },
  aov: {
    meaning: { zh: '每单花得少：门槛和搭配没有把客单价拉上去', en: 'Small baskets: thresholds and upsell are not lifting the order value' },
    actions: [
      {
        id: 'threshold_offer',
        label: { zh: '满额礼/满减：门槛设在当前客单价的 1.2–1.3 倍', en: 'Threshold offers (spend ¥X get a gift), set at 1.2–1.3× the current order value' },
        target: cn8('general_value'),
      },
      {
        id: 'upsell_premium',
        label: { zh: '向常来但花费低的会员推荐升级款和会员专享套装', en: 'Recommend premium lines and member-only sets to frequent low spenders' },
        target: cn8('general_retain'),
      },
    ],
  },
  units_per_transaction: {
    meaning: { zh: '一单只买一两件，连带销售不足', en: 'One or two items per order: little add-on selling' },
    actions: [
      {
        id: 'bundles',
        label: { zh: '组合套装/第二件半价，陈列在收银动线上', en: 'Bundles and “second item half price”, displayed along the checkout path' },
        target: eleven('loyal'),
      },
      {
        id: 'add_on_script',
        label: { zh: '导购话术：每单推荐一件搭配品，按连带率考核', en: 'Staff suggest one add-on per order; coach and track units per transaction' },
        target: { list: 'lifecycle', stage: 'active' },
      },
    ],
  },
  member_sales_share: {
    meaning: { zh: '大量消费来自非会员，会员招募和识别不够', en: 'Much of the spend comes from non-members: enrolment and identification lag' },
    actions: [
      {
        id: 'enrol_at_checkout',
        label: { zh: '收银台扫码入会、当单即享会员价，并跟进新入会会员', en: 'Enrol at checkout with member prices on the same order; follow up new members' },
        target: { list: 'lifecycle', stage: 'new' },
      },
      {
        id: 'wake_dormant_cards',
        label: { zh: '唤醒沉睡会员卡：积分到期提醒 + 到店核销礼', en: 'Wake dormant cards: points-expiry reminder plus a redeem-in-store gift' },
        target: { list: 'lifecycle', stage: 'dormant' },
      },
    ],
  },
  nps: {
    meaning: { zh: '会员不愿推荐本店：体验出了问题，流失往往随后到来', en: 'Members would not recommend the store: experience problems, and churn usually follows' },
    actions: [
      {
        id: 'detractor_recovery',
        label: { zh: '贬损者 48 小时内回访致歉并补偿（服务补救）', en: 'Service recovery: call detractors within 48 hours, apologise and make good' },
        target: { list: 'nps_class', npsClass: 'detractor' },
      },
      {
        id: 'top_tier_detractors',
        label: { zh: '高等级会员中的贬损者由店长亲自跟进', en: 'Store manager follows up top-tier detractors personally' },
        target: { list: 'top_tier_detractors' },
      },
      {
        id: 'staff_training',
        label: { zh: '按评论主题培训店员（缺货、服务），向中立者征求改进意见', en: 'Train staff on the comment themes (stock, service); ask passives what would make it a 10' },
        target: { list: 'nps_class', npsClass: 'passive' },
      },
    ],
  },
  active_member_share: {
    meaning: { zh: '会员池里不活跃的人太多，老会员在沉睡', en: 'Too many members have gone quiet: the base is sleeping' },
    actions: [
      {
        id: 'reactivate_dormant',
        label: { zh: '沉睡会员激活：专属回归礼 + 积分清零前提醒', en: 'Reactivation: a welcome-back gift and a reminder before points expire' },
        target: { list: 'lifecycle', stage: 'dormant' },
      },
      { id: 'hibernating_offer', label: { zh: '“休眠”会员：低门槛体验券试探回流', en: 'Low-threshold trial coupon to test hibernating members' }, target: eleven('hibernating') },
      {
        id: 'at_risk_nudge',
        label: { zh: '预警期会员提前触达，别等到沉睡', en: 'Reach members at risk before they fall asleep' },
        target: { list: 'lifecycle', stage: 'at_risk' },
      },
    ],
  },
  conversion_rate: {
    meaning: { zh: '进店的人多、买单的人少：店内接待和促销没有把客流变成订单', en: 'Many visitors, few orders: floor service and promotions do not turn traffic into sales' },
    actions: [
      {
        id: 'floor_staff',
        label: { zh: '高峰时段加派导购、缩短排队；邀请活跃会员预约到店', en: 'More floor staff and shorter queues at peak hours; invite active members to book a visit' },
        target: { list: 'lifecycle', stage: 'active' },
      },
      {
        id: 'in_store_promotion',
        label: { zh: '店内限时会员专享价，入口处醒目展示', en: 'In-store, time-limited member prices shown at the entrance' },
        target: eleven('promising'),
      },
      {
        id: 'develop_visit',
        label: { zh: '给高消费低频会员发到店专属礼，当场转化', en: 'In-store gift for high-spend, infrequent members, converted on the spot' },
        target: cn8('important_develop'),
      },
    ],
  },
};

/**
 * Weak points that the store's own benefits and campaigns are meant to lift: where data on them
 * exists, the compass also points to the 权益与营销 ranking (what already pays, what to change).
 */
export const WHAT_PAYS_KPIS: ReadonlySet<string> = new Set(['repurchase_rate', 'return_to_store_rate', 'active_member_share']);

/** How many of the benefits' "what to change" actions a weak point shows. */
export const COMPASS_CHANGES = 2;

const DECIDED: Record<PaysVerdict, number> = { loses: 0, pays: 1, unclear: 2 };

/**
 * The "what to change" actions a weak point shows: the decided ones first — does not pay back (aim it
 * at dormant members), then pays back (follow up who did not come back) — each in the ranking's order; at most `n`.
 */
export function compassChanges(actions: readonly ChangeAction[], n = COMPASS_CHANGES): ChangeAction[] {
  return actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => DECIDED[x.a.verdict] - DECIDED[y.a.verdict] || x.i - y.i)
    .slice(0, n)
    .map((x) => x.a);
}
