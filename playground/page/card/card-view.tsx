// A Card JSON 2.0 card drawn close enough to Lark's to read and click: header with template
// colour, subtitle and tags, then the body's components. A component this renderer does not
// know is shown as such, since Lark would refuse the whole card.
import type { ComponentChildren } from 'preact';
import { useContext, useState } from 'preact/hooks';
import { CardEnvContext, callbackValue, isObject, openUrlOf, spacing, textOf, type CardEnv, type Json } from './card-env';
import { LarkMd } from './lark-md';
import { headerBackground, tagStyle } from './palette';
import { CardChart } from './card-chart';
import { CardDatePicker, CardForm, CardInput, CardSelect, useForm } from './card-form';

function useEnv(): CardEnv {
  const env = useContext(CardEnvContext);
  if (!env) throw new Error('CardEnvContext missing');
  return env;
}

export function CardView({ card }: { card: unknown }) {
  const env = useEnv();
  if (!isObject(card)) return <div class="card">（空卡片 empty card）</div>;
  const header = isObject(card.header) ? card.header : null;
  const body = isObject(card.body) ? card.body : card;
  const config = isObject(card.config) ? card.config : {};
  const tags = header && Array.isArray(header.text_tag_list) ? header.text_tag_list.filter(isObject) : [];
  return (
    <div class={`card${env.busy ? ' busy' : ''}`} data-testid="card" data-schema={String(card.schema ?? '1.0')}>
      {header && (
        <div class="card-header" style={{ background: headerBackground(header?.template) }}>
          <div class="card-title-row">
            <span class="card-title">{textOf(header.title, env.locale)}</span>
            {tags.map((t) => (
              <span class="text-tag" style={tagStyle(t.color)}>
                {textOf(t.text, env.locale)}
              </span>
            ))}
          </div>
          {header.subtitle !== undefined && <div class="card-subtitle">{textOf(header.subtitle, env.locale)}</div>}
        </div>
      )}
      <div class="card-body">
        <Elements list={body.elements} />
      </div>
      {config.update_multi !== true && card.schema === '2.0' && (
        <div class="el-unsupported">config.update_multi 不是 true：2.0 卡片必须是共享卡片</div>
      )}
    </div>
  );
}

function Elements({ list }: { list: unknown }) {
  const items = Array.isArray(list) ? list.filter(isObject) : [];
  return (
    <>
      {items.map((el) => (
        <Element el={el} />
      ))}
    </>
  );
}

function Element({ el }: { el: Json }) {
  const env = useEnv();
  const margin = spacing(el.margin);
  const wrap = (child: ComponentChildren) => (margin ? <div style={{ margin }}>{child}</div> : child);
  switch (el.tag) {
    case 'markdown':
    case 'lark_md':
      return wrap(
        <div class={`el-md size-${String(el.text_size ?? 'normal')}`} style={{ textAlign: (el.text_align as string) ?? 'left' }}>
          <LarkMd content={textOf(el, env.locale)} ctx={env.md} />
        </div>,
      );
    case 'div':
    case 'plain_text':
      return wrap(<div class="el-text">{textOf(isObject(el.text) ? el.text : el, env.locale)}</div>);
    case 'hr':
      return <hr class="el-hr" />;
    case 'column_set':
      return wrap(<ColumnSet el={el} />);
    case 'button':
      return wrap(<Button el={el} />);
    case 'interactive_container':
      return wrap(<Clickable el={el} />);
    case 'collapsible_panel':
      return wrap(<Panel el={el} />);
    case 'form':
      return wrap(
        <CardForm el={el}>
          <Elements list={el.elements} />
        </CardForm>,
      );
    case 'input':
      return wrap(<CardInput el={el} locale={env.locale} />);
    case 'select_static':
    case 'multi_select_static':
      return wrap(<CardSelect el={el} locale={env.locale} />);
    case 'date_picker':
      return wrap(<CardDatePicker el={el} locale={env.locale} />);
    case 'table':
      return wrap(<Table el={el} />);
    case 'chart':
      return wrap(<CardChart el={el} />);
    case 'person':
      return <span class="mention">@{env.md.nameOf(String(el.user_id ?? ''))}</span>;
    case 'img':
      return <div class="el-img">[图片 image]</div>;
    default:
      return <div class="el-unsupported">不支持的组件 unsupported component: {String(el.tag)}</div>;
  }
}

function ColumnSet({ el }: { el: Json }) {
  const columns = Array.isArray(el.columns) ? el.columns.filter(isObject) : [];
  const gap = el.horizontal_spacing === 'large' ? 16 : el.horizontal_spacing === 'small' ? 8 : 12;
  return (
    <div class={`el-columns${el.flex_mode === 'flow' ? ' flow' : ''}`} style={{ gap: `${gap}px` }}>
      {columns.map((col) => {
        const flex =
          col.width === 'auto'
            ? '0 0 auto'
            : col.width === 'weighted' || col.width === undefined
              ? `${Number(col.weight ?? 1)} 1 0`
              : `0 0 ${col.width}`;
        const align = col.vertical_align === 'center' ? 'center' : col.vertical_align === 'bottom' ? 'flex-end' : 'flex-start';
        return (
          <div
            class={`el-column${col.background_style === 'grey' ? ' grey' : ''}`}
            style={{ flex, justifyContent: align, padding: spacing(col.padding) }}
          >
            <Elements list={col.elements} />
          </div>
        );
      })}
    </div>
  );
}

function Button({ el }: { el: Json }) {
  const env = useEnv();
  const form = useForm();
  const disabled = el.disabled === true || env.busy;
  const submit = el.form_action_type === 'submit';
  const click = async () => {
    if (el.disabled === true || env.busy) return;
    if (el.form_action_type === 'reset') return form?.reset();
    const url = openUrlOf(el);
    if (url) window.open(url, '_blank', 'noopener');
    const value = callbackValue(el);
    if (!value && !submit) return;
    const formValue = submit && form ? form.validate() : undefined;
    if (submit && form && !formValue) return;
    if (isObject(el.confirm)) {
      const ok = await env.confirm({ title: textOf(el.confirm.title, env.locale), text: textOf(el.confirm.text, env.locale) });
      if (!ok) return;
    }
    await env.act({
      tag: 'button',
      name: typeof el.name === 'string' ? el.name : undefined,
      value: value ?? {},
      formValue: formValue ?? undefined,
    });
  };
  return (
    <button
      type="button"
      class={`el-button type-${String(el.type ?? 'default')} size-${String(el.size ?? 'medium')}${el.width === 'fill' ? ' fill' : ''}`}
      disabled={disabled}
      title={el.disabled === true ? textOf(el.disabled_tips, env.locale) : textOf(el.hover_tips, env.locale) || undefined}
      onClick={click}
    >
      {textOf(el.text, env.locale)}
    </button>
  );
}

function Clickable({ el }: { el: Json }) {
  const env = useEnv();
  const value = callbackValue(el);
  const url = openUrlOf(el);
  const click = () => {
    if (env.busy) return;
    if (url) window.open(url, '_blank', 'noopener');
    if (value) void env.act({ tag: 'interactive_container', name: typeof el.name === 'string' ? el.name : undefined, value });
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: it holds block content, which a <button> may not.
    <div
      role="button"
      tabIndex={0}
      class={`el-container${el.has_border ? ' bordered' : ''}${el.background_style === 'grey' ? ' grey' : ''}`}
      style={{ padding: spacing(el.padding), borderRadius: spacing(el.corner_radius) }}
      title={textOf(el.hover_tips, env.locale) || undefined}
      onClick={click}
      onKeyDown={(e) => e.key === 'Enter' && click()}
    >
      <Elements list={el.elements} />
    </div>
  );
}

function Panel({ el }: { el: Json }) {
  const env = useEnv();
  const [open, setOpen] = useState(el.expanded === true);
  const header = isObject(el.header) ? el.header : {};
  const title = isObject(header.title) ? header.title : {};
  return (
    <div class="el-panel">
      <button type="button" class="el-panel-header" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span class="el-panel-title">
          {title.tag === 'markdown' ? <LarkMd content={textOf(title, env.locale)} ctx={env.md} /> : textOf(title, env.locale)}
        </span>
        <span class={`chevron${open ? ' open' : ''}`}>⌄</span>
      </button>
      {open && (
        <div class="el-panel-body" style={{ padding: spacing(el.padding) }}>
          <Elements list={el.elements} />
        </div>
      )}
    </div>
  );
}

/** Cells by the column's data_type: text, lark_md, number, options (coloured tags), persons, date. */
function Cell({ value, type }: { value: unknown; type: unknown }) {
  const env = useEnv();
  if (type === 'lark_md' && typeof value === 'string') return <LarkMd content={value} ctx={env.md} />;
  if (type === 'options' && Array.isArray(value))
    return (
      <>
        {value.filter(isObject).map((o) => (
          <span class="text-tag" style={tagStyle(o.color)}>
            {String(o.text ?? '')}
          </span>
        ))}
      </>
    );
  if (type === 'persons' && Array.isArray(value)) return <>{value.map((id) => `@${env.md.nameOf(String(id))}`).join(' ')}</>;
  if (type === 'date' && typeof value === 'number') return <>{new Date(value).toLocaleDateString('zh-CN')}</>;
  return <>{value === undefined || value === null ? '' : String(value)}</>;
}

function Table({ el }: { el: Json }) {
  const env = useEnv();
  const columns = (Array.isArray(el.columns) ? el.columns : []).filter(isObject);
  const rows = (Array.isArray(el.rows) ? el.rows : []).filter(isObject);
  const pageSize = typeof el.page_size === 'number' ? el.page_size : 5;
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  return (
    <div class="el-table">
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th style={{ width: typeof c.width === 'string' ? c.width : undefined }}>
                {textOf(c.display_name, env.locale) || String(c.name)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(page * pageSize, (page + 1) * pageSize).map((r) => (
            <tr>
              {columns.map((c) => (
                <td>
                  <Cell value={r[String(c.name)]} type={c.data_type} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <div class="el-table-pager">
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            ‹
          </button>
          {page + 1} / {pages}
          <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            ›
          </button>
        </div>
      )}
    </div>
  );
}
