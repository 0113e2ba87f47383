// Lark's colour names as the cards use them: header templates, text_tag colours and <font> colours.

/** Header background per template: Lark's light 2.0 headers, with the title in the usual ink. */
const TEMPLATES: Record<string, string> = {
  blue: '#e1eaff',
  wathet: '#e0f4fb',
  turquoise: '#d5f6f2',
  green: '#d9f5d6',
  yellow: '#faf1d1',
  orange: '#feead2',
  red: '#fde2e2',
  carmine: '#fcdfe8',
  violet: '#f1e1fb',
  purple: '#ece2fe',
  indigo: '#e0e9ff',
  grey: '#eff0f1',
  default: '#ffffff',
};

export function headerBackground(template: unknown): string {
  return TEMPLATES[typeof template === 'string' && template in TEMPLATES ? template : 'default'];
}

const TAGS: Record<string, { fg: string; bg: string }> = {
  neutral: { fg: '#646a73', bg: '#eff0f1' },
  blue: { fg: '#245bdb', bg: '#e1eaff' },
  wathet: { fg: '#0c8ac2', bg: '#d9f3fd' },
  turquoise: { fg: '#078372', bg: '#d5f6f2' },
  lime: { fg: '#6a8c06', bg: '#eef6c6' },
  green: { fg: '#237b19', bg: '#d9f5d6' },
  yellow: { fg: '#aa7803', bg: '#faf1d1' },
  orange: { fg: '#c25705', bg: '#feead2' },
  red: { fg: '#d83931', bg: '#fde2e2' },
  carmine: { fg: '#c71e6b', bg: '#fcdfe8' },
  violet: { fg: '#b020b0', bg: '#f8def8' },
  purple: { fg: '#6425d0', bg: '#ece2fe' },
  indigo: { fg: '#3b47cc', bg: '#e0e9ff' },
};

/** CSS for a text_tag of this colour (header tags, <text_tag> in markdown, table options). */
export function tagStyle(color: unknown): { color: string; background: string } {
  const c = TAGS[typeof color === 'string' ? color : ''] ?? TAGS.neutral;
  return { color: c.fg, background: c.bg };
}

const FONTS: Record<string, string> = {
  red: '#f54a45',
  green: '#34c724',
  grey: '#8f959e',
  gray: '#8f959e',
  orange: '#ff8800',
  blue: '#3370ff',
  yellow: '#dc9b04',
  wathet: '#14c0ff',
  turquoise: '#14c9c9',
  carmine: '#f14c8c',
  violet: '#d136d1',
  purple: '#7f3bf5',
  indigo: '#4954e6',
  lime: '#8fac02',
};

/** Named colours map to Lark's; a literal #hex passes; anything else keeps the text's colour. */
export function fontColor(color: string): string | undefined {
  if (/^#[0-9a-f]{3,8}$/i.test(color)) return color;
  return FONTS[color.toLowerCase()];
}
