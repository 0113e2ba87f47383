/**
 * The card-schema gate: a strict model of the Card JSON 2.0 components and properties Duban uses,
 * written from the open-platform documentation, so a card Lark would refuse fails in the tests.
 *
 * Lark validates 2.0 cards strictly: "在 JSON 2.0 版本中，传入不支持的属性将报错" (1.0 ignored unknown
 * properties, 2.0 rejects them), so one stray key makes the whole send fail.
 *   https://open.feishu.cn/document/feishu-cards/card-json-v2-breaking-changes-release-notes
 * Every object below is therefore `strictObject` (an unknown key fails) and every container is
 * discriminated on `tag`. Only the components Duban renders, or is likely to render next, are
 * modelled; an unmodelled tag fails too, so adding one means reading its page first.
 *
 * Sources: the official pages under https://open.feishu.cn/document/feishu-cards/… (each component
 * cites its own). Where a page contradicts itself or another page the comment says so, and the
 * schema accepts both readings.
 *
 * What Lark answers for a bad card (send / reply / PATCH), from the error tables of
 *   https://open.feishu.cn/document/server-docs/im-v1/message/create
 *   https://open.feishu.cn/document/server-docs/im-v1/message/reply
 *   https://open.feishu.cn/document/server-docs/im-v1/message-card/patch
 * is HTTP 400 with code 230099 "Failed to create card content" and the real cause as a sub-code in
 * msg: `ext=ErrCode: 200621; ErrMsg: parse card json err…` (bad card JSON), 11310 "element exceeds
 * the limit" (over 200 elements), 200861 "cards of schema V2 no longer support this capability"
 * (a 1.0-only tag), 100290 (an invalid user id in at/person). A body over 30 KB is 230025.
 * `checkCard` returns those answers; playground/lark/fake-lark.ts sends them.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Limits

/**
 * 发送消息: "卡片消息、富文本消息请求体最大不能超过 30 KB" — the limit is on the request body, where
 * the card is a JSON string inside JSON. The page does not say whether a KB is 1000 or 1024 bytes;
 * the gate takes the stricter 30,000.
 *   https://open.feishu.cn/document/server-docs/im-v1/message/create
 */
export const LARK_CARD_BODY_LIMIT = 30_000;
/** "一张卡片最多支持 200 个元素（如 tag 为 plain_text 的文本元素）或组件" (https://open.feishu.cn/document/feishu-cards/card-json-v2-structure). */
export const MAX_ELEMENTS = 200;
// The body is measured by `sendRequestBytes` in cards/format.ts, which the cards budget on
// (CARD_BYTE_BUDGET, 2 KB under this limit): cards and tests share one measure. The fake Lark
// measures the raw request body it receives.

/** Every object with a string `tag` (components and text objects alike), as the 200 limit counts. */
export function countTagged(node: unknown): number {
  if (Array.isArray(node)) return node.reduce<number>((n, child) => n + countTagged(child), 0);
  if (node === null || typeof node !== 'object') return 0;
  const own = typeof (node as { tag?: unknown }).tag === 'string' ? 1 : 0;
  return own + Object.values(node).reduce<number>((n, child) => n + countTagged(child), 0);
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** Languages of i18n fields (https://open.feishu.cn/document/feishu-cards/configure-multi-language-content, 支持语种). */
const LOCALES = [
  'zh_cn',
  'en_us',
  'zh_hk',
  'zh_tw',
  'ja_jp',
  'id_id',
  'vi_vn',
  'th_th',
  'pt_br',
  'es_es',
  'ko_kr',
  'de_de',
  'fr_fr',
  'it_it',
  'ru_ru',
  'ms_my',
] as const;
const i18nStrings = z.partialRecord(z.enum(LOCALES), z.string());

const chars = (s: string): number => Array.from(s).length;

/** "[a,b]px". */
const px = (min: number, max: number) =>
  z.string().refine(
    (s) => {
      const m = /^(-?\d+)px$/.exec(s);
      return m !== null && Number(m[1]) >= min && Number(m[1]) <= max;
    },
    { message: `expected a pixel value in [${min},${max}]px` },
  );

/**
 * margin / padding: "单值 10px、双值 4px 0、多值 4px 0 4px 0 … 边距为 0 时可不加单位", range [-99,99]px
 * for margins and [0,99]px for padding (e.g. https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/column-set).
 */
const box = (min: number, max: number) =>
  z.string().refine(
    (s) => {
      const parts = s.trim().split(/\s+/);
      if (![1, 2, 4].includes(parts.length)) return false;
      return parts.every((p) => {
        if (p === '0') return true;
        const m = /^(-?\d+)px$/.exec(p);
        return m !== null && Number(m[1]) >= min && Number(m[1]) <= max;
      });
    },
    { message: `expected 1, 2 or 4 space-separated values in [${min},${max}]px` },
  );
const margin = box(-99, 99);
/**
 * Padding: the structure page says [0,99]px for body and header; the form and collapsible-panel
 * tables say [-99,99]px. Ambiguous, so both are accepted.
 */
const padding = box(-99, 99);

/**
 * Spacing: "small(4px)、medium(8px)、large(12px)、extra_large(16px) 或 [0,99]px". The column page's
 * JSON comment also names "default（8px）", so that is accepted too.
 */
const spacing = z.union([z.enum(['small', 'medium', 'large', 'extra_large', 'default']), px(0, 99)]);
const hAlign = z.enum(['left', 'center', 'right']);
const vAlign = z.enum(['top', 'center', 'bottom']);
const direction = z.enum(['vertical', 'horizontal']);

/**
 * element_id: "仅允许使用字母、数字和下划线，必须以字母开头，不得超过 20 字符", unique in the card
 * (checked in `cardRules`) — https://open.feishu.cn/document/feishu-cards/card-json-v2-structure.
 */
const elementId = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,19}$/, 'element_id: letters, digits, _; starts with a letter; ≤ 20');

/** Colours: the colour enumeration or RGBA (https://open.feishu.cn/document/feishu-cards/enumerations-for-fields-related-to-color); not enumerated here. */
const color = z.string().min(1);

/**
 * text_size of markdown and plain_text (https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/rich-text,
 * …/plain-text), plus keys of `config.style.text_size` ("cus-0", or "normal_v2" in the docs' own
 * examples), which are checked against the config in `cardRules`.
 */
const TEXT_SIZES = [
  'heading-0',
  'heading-1',
  'heading-2',
  'heading-3',
  'heading-4',
  'heading',
  'normal',
  'notation',
  'xxxx-large',
  'xxx-large',
  'xx-large',
  'x-large',
  'large',
  'medium',
  'small',
  'x-small',
] as const;
const textSize = z.string().min(1);

/** Header templates (https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/title, 标题主题样式枚举). */
export const HEADER_TEMPLATES = [
  'blue',
  'wathet',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'carmine',
  'violet',
  'purple',
  'indigo',
  'grey',
  'default',
] as const;

/** text_tag colours (title page 后缀标签颜色枚举; the same list for `<text_tag>` on the rich-text page). */
const TAG_COLORS = [
  'neutral',
  'blue',
  'turquoise',
  'lime',
  'orange',
  'violet',
  'indigo',
  'wathet',
  'green',
  'yellow',
  'red',
  'purple',
  'carmine',
] as const;

/** A plain_text object: `content` and its local i18n `i18n_content` (https://open.feishu.cn/document/feishu-cards/configure-multi-language-content). */
const plainText = z.strictObject({
  tag: z.literal('plain_text'),
  element_id: elementId.optional(),
  content: z.string(),
  i18n_content: i18nStrings.optional(),
});

/** plain_text whose content the docs cap ("最多支持 100 个字符": button text, placeholders). */
const shortText = (max: number) =>
  plainText.refine((t) => chars(t.content) <= max && Object.values(t.i18n_content ?? {}).every((v) => chars(v ?? '') <= max), {
    message: `text longer than ${max} characters`,
  });

/** Prefix icon, shared by header, div, markdown, button, options (https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/button). */
const icon = z.strictObject({
  tag: z.enum(['standard_icon', 'custom_icon']).optional(),
  token: z.string().optional(),
  color: color.optional(),
  img_key: z.string().optional(),
});

/**
 * behaviors (https://open.feishu.cn/document/feishu-cards/configuring-card-interactions): `callback` with an object `value` ("支持 object
 * 数据类型"), or `open_url` with a required `default_url`.
 */
const behavior = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('callback'), value: z.record(z.string(), z.unknown()) }),
  z.strictObject({
    type: z.literal('open_url'),
    default_url: z.string(),
    android_url: z.string().optional(),
    ios_url: z.string().optional(),
    pc_url: z.string().optional(),
  }),
]);
const behaviors = z.array(behavior).min(1);

/** 二次确认弹窗: title and text, both plain_text (button, input, select pages). */
const confirm = z.strictObject({ title: plainText, text: plainText });

/** Width of button, input, select: "default | fill | [100,∞)px" (button page). */
const controlWidth = z.union([z.enum(['default', 'fill']), px(100, 100_000)]);

/** Click-to-open for column_set / column (https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/column-set). */
const multiUrlAction = z.strictObject({
  multi_url: z.strictObject({
    url: z.string().optional(),
    android_url: z.string().optional(),
    ios_url: z.string().optional(),
    pc_url: z.string().optional(),
  }),
});

// ---------------------------------------------------------------------------------------------
// Components. `where` is where the component sits: directly in body.elements ('root'), inside
// another container ('nested'), or anywhere inside a form ('form'). Nesting rules differ:
// - form: "表单容器组件不可被内嵌在其它组件内，只可放在卡片根节点下"; inside it no table, chart or form.
// - table: "只可放在卡片根节点下".
// - column / interactive_container / collapsible_panel: anything but form and table.
// - name / required / form_action_type belong to form fields; required elsewhere "将报错或不生效",
//   so the gate refuses it.

type Where = 'root' | 'nested' | 'form';

const inner = (where: Where): Where => (where === 'form' ? 'form' : 'nested');
const elementsCache = new Map<Where, z.ZodType>();
/** The components allowed at `where`, discriminated on `tag`. */
function elementOf(where: Where): z.ZodType {
  let s = elementsCache.get(where);
  if (!s) {
    const common = [
      markdown,
      div,
      hr,
      img,
      person,
      personList,
      columnSet(where),
      interactiveContainer(where),
      collapsiblePanel(where),
      button(where),
      input(where),
      selectStatic(where),
      multiSelectStatic(where),
      datePicker(where),
    ];
    const options = where === 'root' ? [...common, chart, table, form] : where === 'nested' ? [...common, chart] : common;
    s = z.discriminatedUnion('tag', options as unknown as [z.ZodObject, ...z.ZodObject[]]);
    elementsCache.set(where, s);
  }
  return s;
}
const elementList = (where: Where) => z.array(z.lazy(() => elementOf(where)));

/** https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/rich-text (+ i18n_content from configure-multi-language-content). */
const markdown = z.strictObject({
  tag: z.literal('markdown'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  content: z.string(),
  i18n_content: i18nStrings.optional(),
  text_align: hAlign.optional(),
  text_size: textSize.optional(),
  icon: icon.optional(),
});

/** 普通文本 (div): https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/plain-text. */
const div = z.strictObject({
  tag: z.literal('div'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  width: z.union([z.enum(['fill', 'auto']), px(16, 999)]).optional(),
  text: z
    .strictObject({
      tag: z.enum(['plain_text', 'lark_md']),
      element_id: elementId.optional(),
      content: z.string(),
      i18n_content: i18nStrings.optional(),
      text_size: textSize.optional(),
      text_color: color.optional(),
      text_align: hAlign.optional(),
      lines: z.number().int().min(1).optional(),
    })
    .optional(),
  icon: icon.optional(),
});

/** 分割线: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/divider. */
const hr = z.strictObject({ tag: z.literal('hr'), element_id: elementId.optional(), margin: margin.optional() });

/**
 * 图片: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/image. The page also lists 历史字段
 * (mode, custom_width, compact_width) for 2.0; accepted as documented.
 */
const img = z.strictObject({
  tag: z.literal('img'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  img_key: z.string(),
  i18n_img_key: i18nStrings.optional(),
  alt: plainText,
  title: plainText.optional(),
  corner_radius: z.string().optional(),
  scale_type: z.enum(['crop_center', 'crop_top', 'fit_horizontal']).optional(),
  size: z.string().optional(),
  transparent: z.boolean().optional(),
  preview: z.boolean().optional(),
  mode: z.string().optional(),
  custom_width: z.number().int().min(278).max(580).optional(),
  compact_width: z.boolean().optional(),
});

const avatarSize = z.enum(['extra_small', 'small', 'medium', 'large']);

/** 人员: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/user-profile (open_id, union_id or user_id). */
const person = z.strictObject({
  tag: z.literal('person'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  size: avatarSize.optional(),
  user_id: z.string().min(1),
  show_avatar: z.boolean().optional(),
  show_name: z.boolean().optional(),
  style: z.enum(['normal', 'capsule']).optional(),
});

/**
 * 人员列表: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/user-list. With an invalid id and
 * `drop_invalid_user_id` false (the default) Lark "将报错并返回无效的用户 ID 列表".
 */
const personList = z.strictObject({
  tag: z.literal('person_list'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  drop_invalid_user_id: z.boolean().optional(),
  lines: z.number().int().min(1).optional(),
  show_name: z.boolean().optional(),
  show_avatar: z.boolean().optional(),
  size: avatarSize.optional(),
  persons: z.array(z.strictObject({ id: z.string().min(1) })),
  icon: icon.optional(),
  ud_icon: z.strictObject({ token: z.string().optional(), style: z.strictObject({ color: color.optional() }).optional() }).optional(),
});

/**
 * 图表: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/chart. chart_spec is a VChart spec
 * without functions ("图表组件暂不支持 JavaScript 语法"); height "auto" or [1,999]px.
 */
const chart = z.strictObject({
  tag: z.literal('chart'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  aspect_ratio: z.enum(['1:1', '2:1', '4:3', '16:9']).optional(),
  color_theme: z.enum(['brand', 'rainbow', 'complementary', 'converse', 'primary']).optional(),
  chart_spec: z.record(z.string(), z.unknown()),
  preview: z.boolean().optional(),
  height: z.union([z.literal('auto'), px(1, 999)]).optional(),
});

/**
 * 表格: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/table. Columns carry `data_type`;
 * page_size [1,10]; root only. (Up to 50 columns are shown; more are dropped, not refused.)
 */
const table = z.strictObject({
  tag: z.literal('table'),
  element_id: elementId.optional(),
  margin: margin.optional(),
  page_size: z.number().int().min(1).max(10).optional(),
  row_height: z.union([z.enum(['low', 'middle', 'high', 'auto']), px(32, 124)]).optional(),
  row_max_height: px(32, 999).optional(),
  freeze_first_column: z.boolean().optional(),
  header_style: z
    .strictObject({
      text_align: hAlign.optional(),
      text_size: z.enum(['normal', 'heading']).optional(),
      background_style: z.enum(['grey', 'none']).optional(),
      text_color: z.enum(['default', 'grey']).optional(),
      bold: z.boolean().optional(),
      lines: z.number().int().min(1).optional(),
    })
    .optional(),
  columns: z.array(
    z.strictObject({
      name: z.string().min(1),
      display_name: z.string().optional(),
      width: z.string().optional(),
      vertical_align: vAlign.optional(),
      horizontal_align: hAlign.optional(),
      data_type: z.enum(['text', 'lark_md', 'options', 'number', 'persons', 'date', 'markdown']),
      format: z
        .strictObject({
          precision: z.number().int().min(0).max(10).optional(),
          symbol: z.string().optional(),
          separator: z.boolean().optional(),
        })
        .optional(),
      date_format: z.string().optional(),
    }),
  ),
  rows: z.array(z.record(z.string(), z.unknown())),
});

/** 列: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/column-set (列字段说明). */
const column = (where: Where) =>
  z.strictObject({
    tag: z.literal('column'),
    element_id: elementId.optional(),
    background_style: color.optional(),
    width: z.union([z.enum(['auto', 'weighted']), px(16, 600)]).optional(),
    weight: z.number().int().min(1).max(5).optional(),
    horizontal_spacing: spacing.optional(),
    horizontal_align: hAlign.optional(),
    vertical_align: vAlign.optional(),
    vertical_spacing: spacing.optional(),
    direction: direction.optional(),
    padding: padding.optional(),
    margin: margin.optional(),
    action: multiUrlAction.optional(),
    elements: elementList(inner(where)).optional(),
  });

/** 分栏: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/column-set (分栏字段说明). */
const columnSet = (where: Where) =>
  z.strictObject({
    tag: z.literal('column_set'),
    element_id: elementId.optional(),
    margin: margin.optional(),
    horizontal_spacing: spacing.optional(),
    horizontal_align: hAlign.optional(),
    flex_mode: z.enum(['none', 'stretch', 'flow', 'bisect', 'trisect']).optional(),
    background_style: color.optional(),
    action: multiUrlAction.optional(),
    columns: z.array(column(where)),
  });

/** 交互容器: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/interactive-container (behaviors required). */
const interactiveContainer = (where: Where) =>
  z.strictObject({
    tag: z.literal('interactive_container'),
    element_id: elementId.optional(),
    width: z.union([z.enum(['fill', 'auto']), px(16, 999)]).optional(),
    height: z.union([z.literal('auto'), px(10, 999)]).optional(),
    direction: direction.optional(),
    margin: margin.optional(),
    horizontal_spacing: spacing.optional(),
    horizontal_align: hAlign.optional(),
    vertical_spacing: spacing.optional(),
    vertical_align: vAlign.optional(),
    background_style: color.optional(),
    has_border: z.boolean().optional(),
    border_color: color.optional(),
    corner_radius: z.string().optional(),
    padding: padding.optional(),
    behaviors,
    hover_tips: plainText.optional(),
    disabled: z.boolean().optional(),
    disabled_tips: plainText.optional(),
    confirm: confirm.optional(),
    elements: elementList(inner(where)),
  });

/**
 * 折叠面板: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/collapsible-panel. Header title is plain_text
 * or markdown; `position` appears only in the page's JSON example (accepted).
 */
const collapsiblePanel = (where: Where) =>
  z.strictObject({
    tag: z.literal('collapsible_panel'),
    element_id: elementId.optional(),
    direction: direction.optional(),
    vertical_spacing: spacing.optional(),
    horizontal_spacing: spacing.optional(),
    vertical_align: vAlign.optional(),
    horizontal_align: hAlign.optional(),
    padding: padding.optional(),
    margin: margin.optional(),
    expanded: z.boolean().optional(),
    background_color: color.optional(),
    header: z.strictObject({
      title: z
        .strictObject({
          tag: z.enum(['plain_text', 'markdown']),
          content: z.string().optional(),
          i18n_content: i18nStrings.optional(),
        })
        .optional(),
      background_color: color.optional(),
      vertical_align: vAlign.optional(),
      padding: padding.optional(),
      position: z.string().optional(),
      width: z.enum(['fill', 'auto', 'auto_when_fold']).optional(),
      icon: icon.extend({ size: z.string().optional() }).optional(),
      icon_position: z.enum(['left', 'right', 'follow_text']).optional(),
      icon_expanded_angle: z.union([z.literal(-180), z.literal(-90), z.literal(90), z.literal(180)]).optional(),
    }),
    border: z.strictObject({ color: color.optional(), corner_radius: z.string().optional() }).optional(),
    elements: elementList(inner(where)).optional(),
  });

/**
 * Fields that exist only for form members: `name` ("必填且需在卡片全局内唯一"), `required`. Outside a
 * form `name` is allowed (it "生效" only in a form) but `required` is refused ("其它情况将报错或不生效").
 */
const fieldKeys = (where: Where) =>
  where === 'form' ? { name: z.string().min(1), required: z.boolean().optional() } : { name: z.string().min(1).optional() };

/**
 * 按钮: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/button. Text ≤ 100 characters;
 * behaviors required. In a form, `name` and `form_action_type` (submit | reset) are both required;
 * outside one they are not properties of a button.
 */
const button = (where: Where) =>
  z.strictObject({
    tag: z.literal('button'),
    element_id: elementId.optional(),
    margin: margin.optional(),
    type: z
      .enum(['default', 'primary', 'danger', 'text', 'primary_text', 'danger_text', 'primary_filled', 'danger_filled', 'laser'])
      .optional(),
    size: z.enum(['tiny', 'small', 'medium', 'large']).optional(),
    width: controlWidth.optional(),
    text: shortText(100).optional(),
    icon: icon.optional(),
    hover_tips: plainText.optional(),
    disabled: z.boolean().optional(),
    disabled_tips: plainText.optional(),
    confirm: confirm.optional(),
    behaviors,
    ...(where === 'form' ? { name: z.string().min(1), form_action_type: z.enum(['submit', 'reset']) } : {}),
  });

/**
 * 输入框: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/input. max_length 1~1000
 * (default 1000); placeholder ≤ 100 characters; `value` is a documented 历史属性. A pre-filled
 * default_value longer than max_length would open in the over-limit error state ("超过最大文本长度，
 * 组件将报错提示"), so it is refused.
 */
const input = (where: Where) =>
  z
    .strictObject({
      tag: z.literal('input'),
      element_id: elementId.optional(),
      margin: margin.optional(),
      ...fieldKeys(where),
      placeholder: shortText(100).optional(),
      default_value: z.string().optional(),
      i18n_default_value: i18nStrings.optional(),
      disabled: z.boolean().optional(),
      disabled_tips: plainText.optional(),
      width: controlWidth.optional(),
      behaviors: behaviors.optional(),
      max_length: z.number().int().min(1).max(1000).optional(),
      input_type: z.enum(['text', 'multiline_text', 'password']).optional(),
      show_icon: z.boolean().optional(),
      rows: z.number().int().min(1).optional(),
      auto_resize: z.boolean().optional(),
      max_rows: z.number().int().min(1).optional(),
      label: plainText.optional(),
      label_position: z.enum(['top', 'left']).optional(),
      value: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
      confirm: confirm.optional(),
    })
    .refine((i) => i.default_value === undefined || chars(i.default_value) <= (i.max_length ?? 1000), {
      message: 'default_value is longer than max_length',
      path: ['default_value'],
    });

const option = z.strictObject({ text: plainText, icon: icon.optional(), value: z.string() });

/** "同一个选择组件内，各选项的 value 值不可重复" (both select pages). */
const uniqueValues = (options: { value: string }[] | undefined) =>
  new Set((options ?? []).map((o) => o.value)).size === (options ?? []).length;

/**
 * 下拉选择-单选: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/single-select-dropdown-menu.
 *
 * `initial_option` is documented only as "下拉选择组件的初始选项的内容" (the initial option's *content*),
 * and the page's own examples disagree: the full example pairs `"initial_option": "选项1"` with an
 * option whose text is "选项1" and value "1" (text), while the person picker's initial_option must
 * equal an option's id (value). Ambiguous, so the gate accepts an option's value or its text.
 * `initial_index` (1-based, 0 = none; overridden by initial_option) is the unambiguous way, and what
 * Duban uses. `behaviors` is marked 必填 in the table, yet the form examples omit it on form members
 * and "交互类组件默认拥有交互能力" — accepted either way.
 */
const selectStatic = (where: Where) =>
  z
    .strictObject({
      tag: z.literal('select_static'),
      element_id: elementId.optional(),
      margin: margin.optional(),
      type: z.enum(['default', 'text']).optional(),
      ...fieldKeys(where),
      disabled: z.boolean().optional(),
      initial_option: z.string().optional(),
      initial_index: z.number().int().min(0).optional(),
      placeholder: shortText(100).optional(),
      width: controlWidth.optional(),
      behaviors: behaviors.optional(),
      options: z.array(option).optional(),
      confirm: confirm.optional(),
    })
    .refine((s) => uniqueValues(s.options), { message: 'option values must be unique', path: ['options'] })
    .refine(
      (s) =>
        s.initial_option === undefined ||
        s.initial_option === '' ||
        (s.options ?? []).some((o) => o.value === s.initial_option || o.text.content === s.initial_option),
      { message: 'initial_option matches no option (neither a value nor a text)', path: ['initial_option'] },
    )
    .refine((s) => s.initial_index === undefined || s.initial_index <= (s.options ?? []).length, {
      message: 'initial_index is past the last option',
      path: ['initial_index'],
    });

/**
 * 下拉选择-多选: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/multi-select-dropdown-menu.
 * `selected_values` "需要和 options.value 对应".
 */
const multiSelectStatic = (where: Where) =>
  z
    .strictObject({
      tag: z.literal('multi_select_static'),
      element_id: elementId.optional(),
      margin: margin.optional(),
      type: z.enum(['default', 'text']).optional(),
      ...fieldKeys(where),
      placeholder: shortText(100).optional(),
      width: controlWidth.optional(),
      behaviors: behaviors.optional(),
      disabled: z.boolean().optional(),
      selected_values: z.array(z.string()).optional(),
      options: z.array(option).optional(),
      confirm: confirm.optional(),
    })
    .refine((s) => uniqueValues(s.options), { message: 'option values must be unique', path: ['options'] })
    .refine((s) => (s.selected_values ?? []).every((v) => (s.options ?? []).some((o) => o.value === v)), {
      message: 'selected_values must be option values',
      path: ['selected_values'],
    });

/**
 * 日期选择器: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/date-picker. initial_date is
 * yyyy-MM-dd; `value` is listed (historical callback data).
 */
const datePicker = (where: Where) =>
  z.strictObject({
    tag: z.literal('date_picker'),
    element_id: elementId.optional(),
    margin: margin.optional(),
    ...fieldKeys(where),
    disabled: z.boolean().optional(),
    placeholder: shortText(100).optional(),
    width: controlWidth.optional(),
    behaviors: behaviors.optional(),
    initial_date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    value: z.record(z.string(), z.unknown()).optional(),
    confirm: confirm.optional(),
  });

/** Does a form contain a submit button? "表单容器中必须至少有一个带有提交属性的按钮". */
function hasSubmit(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasSubmit);
  if (node === null || typeof node !== 'object') return false;
  const n = node as Record<string, unknown>;
  if (n.tag === 'button' && n.form_action_type === 'submit') return true;
  return Object.values(n).some(hasSubmit);
}

/** 表单容器: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/form-container (root only; name required). */
const form = z
  .strictObject({
    tag: z.literal('form'),
    element_id: elementId.optional(),
    direction: direction.optional(),
    margin: margin.optional(),
    padding: padding.optional(),
    horizontal_spacing: spacing.optional(),
    horizontal_align: hAlign.optional(),
    vertical_align: vAlign.optional(),
    vertical_spacing: spacing.optional(),
    name: z.string().min(1),
    elements: elementList('form'),
  })
  .refine((f) => hasSubmit(f.elements), { message: 'a form needs a button with form_action_type "submit"', path: ['elements'] });

// ---------------------------------------------------------------------------------------------
// Header, config, body, card

/** 后缀标签 in `header.text_tag_list` (title page). More than 3 are not shown, not refused. */
const textTag = z.strictObject({
  tag: z.literal('text_tag'),
  element_id: elementId.optional(),
  text: plainText.optional(),
  color: z.enum(TAG_COLORS).optional(),
});

/** Header title / subtitle: plain_text or lark_md; content optional when i18n_content carries it. */
const headerText = z
  .strictObject({ tag: z.enum(['plain_text', 'lark_md']), content: z.string().optional(), i18n_content: i18nStrings.optional() })
  .refine((t) => t.content !== undefined || t.i18n_content !== undefined, { message: 'needs content or i18n_content' });

/** 标题: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/title. */
const header = z.strictObject({
  title: headerText,
  subtitle: headerText.optional(),
  text_tag_list: z.array(textTag).optional(),
  i18n_text_tag_list: z.partialRecord(z.enum(LOCALES), z.array(textTag)).optional(),
  template: z.enum(HEADER_TEMPLATES).optional(),
  icon: icon.optional(),
  padding: padding.optional(),
});

/**
 * config (https://open.feishu.cn/document/feishu-cards/card-json-v2-structure, 卡片全局行为设置): `update_multi` "JSON 2.0 暂时仅支持设为
 * true"; `locales` lists the languages that take effect.
 */
const config = z.strictObject({
  streaming_mode: z.boolean().optional(),
  streaming_config: z
    .strictObject({
      print_frequency_ms: z.record(z.string(), z.number()).optional(),
      print_step: z.record(z.string(), z.number()).optional(),
      print_strategy: z.enum(['fast', 'delay']).optional(),
    })
    .optional(),
  summary: z.strictObject({ content: z.string().optional(), i18n_content: i18nStrings.optional() }).optional(),
  locales: z.array(z.enum(LOCALES)).optional(),
  enable_forward: z.boolean().optional(),
  update_multi: z.literal(true).optional(),
  width_mode: z.enum(['default', 'compact', 'fill']).optional(),
  use_custom_translation: z.boolean().optional(),
  enable_forward_interaction: z.boolean().optional(),
  style: z
    .strictObject({
      text_size: z
        .record(
          z.string(),
          z.strictObject({
            default: z.enum(TEXT_SIZES).optional(),
            pc: z.enum(TEXT_SIZES).optional(),
            mobile: z.enum(TEXT_SIZES).optional(),
          }),
        )
        .optional(),
      color: z.record(z.string(), z.strictObject({ light_mode: z.string(), dark_mode: z.string() })).optional(),
    })
    .optional(),
});

/** card_link: "url 和各端的链接必填其中一个" (structure page). */
const cardLink = z
  .strictObject({
    url: z.string().optional(),
    pc_url: z.string().optional(),
    ios_url: z.string().optional(),
    android_url: z.string().optional(),
  })
  .refine((l) => l.url !== undefined || (l.pc_url !== undefined && l.ios_url !== undefined && l.android_url !== undefined), {
    message: 'card_link needs url, or all of pc_url, ios_url and android_url',
  });

/** body (structure page, 卡片正文 `body`): layout properties and the elements. */
const body = z.strictObject({
  direction: direction.optional(),
  padding: padding.optional(),
  horizontal_spacing: spacing.optional(),
  horizontal_align: hAlign.optional(),
  vertical_spacing: spacing.optional(),
  vertical_align: vAlign.optional(),
  elements: elementList('root'),
});

type Node = Record<string, unknown>;

function* nodes(node: unknown, path: (string | number)[] = []): Generator<[Node, (string | number)[]]> {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* nodes(node[i], [...path, i]);
  } else if (node && typeof node === 'object') {
    yield [node as Node, path];
    for (const [k, v] of Object.entries(node)) yield* nodes(v, [...path, k]);
  }
}

const FIELD_TAGS = new Set(['input', 'select_static', 'multi_select_static', 'date_picker', 'button', 'form']);

/**
 * Card-wide rules: element_id and form/field `name` unique in the card ("在同一张卡片内，该字段的值全局
 * 唯一"); a text_size that is not a documented size must be a key of config.style.text_size.
 */
function cardRules(card: { config?: { style?: { text_size?: Record<string, unknown> } } }, ctx: z.RefinementCtx): void {
  const ids = new Set<string>();
  const names = new Set<string>();
  const customSizes = new Set(Object.keys(card.config?.style?.text_size ?? {}));
  for (const [n, path] of nodes(card)) {
    if (typeof n.tag !== 'string') continue;
    if (typeof n.element_id === 'string') {
      if (ids.has(n.element_id)) ctx.addIssue({ code: 'custom', message: `duplicate element_id ${n.element_id}`, path });
      ids.add(n.element_id);
    }
    if (FIELD_TAGS.has(n.tag) && typeof n.name === 'string') {
      if (names.has(n.name)) ctx.addIssue({ code: 'custom', message: `duplicate name ${n.name}`, path });
      names.add(n.name);
    }
    const size = n.text_size;
    if (typeof size === 'string' && !(TEXT_SIZES as readonly string[]).includes(size) && !customSizes.has(size)) {
      ctx.addIssue({ code: 'custom', message: `text_size ${size} is neither documented nor in config.style.text_size`, path });
    }
  }
}

/** A Card JSON 2.0 card as Duban sends it (`schema` must say "2.0": Duban sends no 1.0 cards). */
export const CardSchema = z
  .strictObject({
    schema: z.literal('2.0'),
    config: config.optional(),
    card_link: cardLink.optional(),
    header: header.optional(),
    body: body.optional(),
  })
  .superRefine(cardRules);

/**
 * The answer to a card callback (https://open.feishu.cn/document/feishu-cards/card-callback-communication, 响应回调的结构体): an optional
 * toast (info | success | error | warning, content, i18n) and an optional `{type: 'raw', data: card}`.
 * (`type: 'template'` exists too; Duban does not use it.)
 */
export const CallbackAnswerSchema = z.strictObject({
  toast: z
    .strictObject({
      type: z.enum(['info', 'success', 'error', 'warning']).optional(),
      content: z.string().optional(),
      i18n: i18nStrings.optional(),
    })
    .optional(),
  card: z.strictObject({ type: z.literal('raw'), data: CardSchema }).optional(),
});

// ---------------------------------------------------------------------------------------------
// The gate

/** Tags 2.0 dropped: "2.0 结构不再支持备注（note）组件和交互模块（"tag" 为 "action"）" (breaking-changes page). */
const V1_ONLY_TAGS = new Set(['note', 'action']);

export interface CardRejection {
  /** Lark's top-level code: 230099 "Failed to create card content". */
  code: 230099;
  /** The sub-code Lark puts in msg: 200621 bad JSON, 11310 element limit, 200861 1.0-only tag. */
  errCode: 200621 | 11310 | 200861;
  /** msg as Lark words it. */
  msg: string;
  /** One line per problem, "path: message". */
  issues: string[];
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}

function rejection(errCode: CardRejection['errCode'], errMsg: string, issues: string[], errPath?: string): CardRejection {
  const where = errPath ? `; ErrPath: ${errPath}` : '';
  return {
    code: 230099,
    errCode,
    msg: `Failed to create card content, ext=ErrCode: ${errCode}${where}; ErrMsg: ${errMsg}; ErrorValue: ${issues.join(' | ')}; `,
    issues,
  };
}

/** Checks a card as Lark would: null when it would be accepted, else Lark's answer. */
export function checkCard(card: unknown): CardRejection | null {
  for (const [n, path] of nodes(card)) {
    if (typeof n.tag === 'string' && V1_ONLY_TAGS.has(n.tag)) {
      return rejection(
        200861,
        'cards of schema V2 no longer support this capability',
        [`unsupported tag ${n.tag}`],
        ['ROOT', ...path].join(' -> '),
      );
    }
  }
  const count = countTagged(card);
  if (count > MAX_ELEMENTS) return rejection(11310, 'element exceeds the limit', [`${count} elements (limit ${MAX_ELEMENTS})`]);
  const result = CardSchema.safeParse(card);
  if (result.success) return null;
  return rejection(200621, 'parse card json err, please check whether the card json is correct', formatIssues(result.error));
}

/** Throws with every problem listed; for tests that render cards. */
export function assertValidCard(card: unknown, what = 'card'): void {
  const r = checkCard(card);
  if (r) throw new Error(`${what} fails the Card 2.0 gate (ErrCode ${r.errCode}):\n  ${r.issues.join('\n  ')}`);
}

/** Throws unless `answer` is a valid card-callback answer whose card (if any) passes the gate. */
export function assertValidCallbackAnswer(answer: unknown): void {
  const card = (answer as { card?: { data?: unknown } } | null)?.card?.data;
  if (card !== undefined) assertValidCard(card, 'callback answer card');
  const result = CallbackAnswerSchema.safeParse(answer);
  if (!result.success) throw new Error(`callback answer is not what Lark accepts:\n  ${formatIssues(result.error).join('\n  ')}`);
}

/** Wraps a card renderer so every card it returns is checked: `const myTasksCard = gated(render)`. */
export function gated<A extends unknown[], C>(render: (...args: A) => C): (...args: A) => C {
  return (...args: A) => {
    const card = render(...args);
    assertValidCard(card, render.name || 'card');
    return card;
  };
}
