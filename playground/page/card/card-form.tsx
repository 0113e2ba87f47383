// Forms as Lark runs them: fields keep their values in the client until a submit button is
// pressed; required fields left empty are marked and nothing is sent; otherwise the callback
// carries form_value keyed by each field's name, with the button's own value and name.
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useState } from 'preact/hooks';
import { isObject, textOf, type Json, type Locale } from './card-env';

type FieldValue = string | string[];

interface FormScope {
  values: Record<string, FieldValue>;
  missing: Set<string>;
  set(name: string, value: FieldValue): void;
  /** Marks empty required fields; returns the form_value when none is. */
  validate(): Record<string, FieldValue> | null;
  reset(): void;
}

const FormContext = createContext<FormScope | null>(null);

/** Every named field in the form, at any depth (fields may sit inside columns). */
function fields(elements: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(elements)) for (const e of elements) fields(e, out);
  else if (isObject(elements)) {
    if (typeof elements.name === 'string' && FIELD_TAGS.has(String(elements.tag))) out.push(elements);
    for (const key of ['elements', 'columns']) if (key in elements) fields(elements[key], out);
  }
  return out;
}

const FIELD_TAGS = new Set(['input', 'select_static', 'multi_select_static', 'date_picker', 'picker_time', 'checker']);

function initialValue(f: Json): FieldValue | undefined {
  if (typeof f.default_value === 'string') return f.default_value;
  if (typeof f.initial_option === 'string') return f.initial_option;
  if (Array.isArray(f.initial_options)) return f.initial_options.map(String);
  if (typeof f.initial_date === 'string') return f.initial_date;
  return undefined;
}

const isEmpty = (v: FieldValue | undefined) => v === undefined || (Array.isArray(v) ? v.length === 0 : v.trim() === '');

export function CardForm({ el, children }: { el: Json; children: ComponentChildren }) {
  const defaults = () => {
    const v: Record<string, FieldValue> = {};
    for (const f of fields(el.elements)) {
      const init = initialValue(f);
      if (init !== undefined) v[String(f.name)] = init;
    }
    return v;
  };
  const [values, setValues] = useState<Record<string, FieldValue>>(defaults);
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const scope: FormScope = {
    values,
    missing,
    set(name, value) {
      setValues((v) => ({ ...v, [name]: value }));
      if (missing.has(name)) setMissing((m) => new Set([...m].filter((n) => n !== name)));
    },
    validate() {
      const empty = fields(el.elements)
        .filter((f) => f.required === true && isEmpty(values[String(f.name)]))
        .map((f) => String(f.name));
      setMissing(new Set(empty));
      if (empty.length) return null;
      // Inputs left empty are sent as ""; unselected selects are left out.
      const out: Record<string, FieldValue> = {};
      for (const f of fields(el.elements)) {
        const name = String(f.name);
        if (values[name] !== undefined) out[name] = values[name];
        else if (f.tag === 'input') out[name] = '';
      }
      return out;
    },
    reset() {
      setValues(defaults());
      setMissing(new Set());
    },
  };
  return (
    <FormContext.Provider value={scope}>
      <form class="el-form" data-name={String(el.name ?? '')} onSubmit={(e) => e.preventDefault()}>
        {children}
      </form>
    </FormContext.Provider>
  );
}

export function useForm(): FormScope | null {
  return useContext(FormContext);
}

function FieldError({ name }: { name: string }) {
  const form = useForm();
  return form?.missing.has(name) ? <div class="field-error">请填写此项 This field is required</div> : null;
}

function fieldStyle(el: Json) {
  return el.width === 'fill' || el.width === undefined ? { width: '100%' } : typeof el.width === 'string' ? { width: el.width } : undefined;
}

export function CardInput({ el, locale }: { el: Json; locale: Locale }) {
  const form = useForm();
  const name = String(el.name ?? '');
  const [own, setOwn] = useState(typeof el.default_value === 'string' ? el.default_value : '');
  const value = form ? String(form.values[name] ?? '') : own;
  const set = (v: string) => (form ? form.set(name, v) : setOwn(v));
  const maxLength = typeof el.max_length === 'number' ? el.max_length : undefined;
  const common = {
    name,
    value,
    maxLength,
    placeholder: textOf(el.placeholder, locale),
    class: form?.missing.has(name) ? 'field invalid' : 'field',
    onInput: (e: Event) => set((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="el-field" style={fieldStyle(el)}>
      {el.label !== undefined && <div class="field-label">{textOf(el.label, locale)}</div>}
      {el.input_type === 'multiline_text' ? (
        <textarea {...common} rows={typeof el.rows === 'number' ? el.rows : 3} />
      ) : el.input_type === 'password' ? (
        <input {...common} type="password" />
      ) : (
        <input {...common} type="text" />
      )}
      <FieldError name={name} />
    </div>
  );
}

export function CardSelect({ el, locale }: { el: Json; locale: Locale }) {
  const form = useForm();
  const name = String(el.name ?? '');
  const multi = el.tag === 'multi_select_static';
  const [own, setOwn] = useState<FieldValue | undefined>(initialValue(el));
  const value = form ? form.values[name] : own;
  const options = (Array.isArray(el.options) ? el.options : []).filter(isObject);
  const set = (v: FieldValue) => (form ? form.set(name, v) : setOwn(v));
  return (
    <div class="el-field" style={fieldStyle(el)}>
      <select
        name={name}
        multiple={multi}
        class={form?.missing.has(name) ? 'field invalid' : 'field'}
        onChange={(e) => {
          const s = e.currentTarget as HTMLSelectElement;
          set(multi ? [...s.selectedOptions].map((o) => o.value) : s.value);
        }}
      >
        {!multi && (
          <option value="" disabled selected={value === undefined || value === ''}>
            {textOf(el.placeholder, locale) || '请选择'}
          </option>
        )}
        {options.map((o) => {
          const v = String(o.value ?? '');
          return (
            <option value={v} selected={Array.isArray(value) ? value.includes(v) : value === v}>
              {textOf(o.text, locale)}
            </option>
          );
        })}
      </select>
      <FieldError name={name} />
    </div>
  );
}

/** Lark sends a picked date as "2024-04-01 +0800". */
export function CardDatePicker({ el, locale }: { el: Json; locale: Locale }) {
  const form = useForm();
  const name = String(el.name ?? '');
  const value = String(form?.values[name] ?? '').slice(0, 10);
  return (
    <div class="el-field" style={fieldStyle(el)}>
      <input
        type="date"
        name={name}
        value={value}
        title={textOf(el.placeholder, locale)}
        class={form?.missing.has(name) ? 'field invalid' : 'field'}
        onInput={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value;
          form?.set(name, v ? `${v} +0800` : '');
        }}
      />
      <FieldError name={name} />
    </div>
  );
}
