// Renders docs/configuration.md from the same definitions the loader uses; a unit test keeps the file in sync.
import type { Section, VarDef } from './define.js';
import { configVars } from './vars/index.js';

const SECTION_TITLES: Record<Section, string> = {
  general: 'General and profiles',
  logging: 'Logging',
  redis: 'Redis',
  postgres: 'PostgreSQL',
  vault: 'Vault and secrets',
  ingestor: 'Ingestor',
  alerter: 'Alerter',
  forwarder: 'Moog Forwarder',
  remediation: 'Remediation',
  webui: 'Web UI and management API',
  'mock-moog': 'Mock Moogsoft',
  retention: 'Retention',
};

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderConfigReference(): string {
  const defs = Object.values(configVars) as VarDef<unknown>[];
  const out: string[] = [
    '# Configuration reference',
    '',
    '<!-- Generated from src/config/vars/*.ts by `npm run docs:config`; test/unit/config/reference.test.ts fails when it drifts. -->',
    '',
    'MUTT reads every setting once at start, from the environment and an env file (`--env-file PATH`, else `/etc/mutt/mutt.env` when it exists; the environment wins).',
    'The first name listed is canonical; aliases (older MUTT/REF spellings) are accepted when the canonical name is unset.',
    'An invalid value stops startup with `FATAL: Configuration error: <VARIABLE> …` naming every bad variable at once.',
    'Secrets can also be given as `<NAME>_FILE` (a path whose content is the value), or come from Vault (see `docs/vault.md`).',
    'Booleans accept `true|false|1|0|yes|no|on|off`.',
    '',
  ];
  for (const section of Object.keys(SECTION_TITLES) as Section[]) {
    const rows = defs.filter((d) => d.section === section);
    if (rows.length === 0) continue;
    out.push(`## ${SECTION_TITLES[section]}`, '', '| Variable | Aliases | Default | Meaning |', '|---|---|---|---|');
    for (const d of rows) {
      const aliases = d.aliases.map((a) => `\`${a}\``).join(', ') || '—';
      const name = d.secret ? `\`${d.name}\` (secret)` : `\`${d.name}\``;
      out.push(`| ${name} | ${aliases} | \`${cell(d.defaultText)}\` | ${cell(d.description)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
