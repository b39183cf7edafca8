import type { AgentCardModuleOptions } from './agent-card.options.js';

/** What keeps a card from being one the specification accepts, each named; empty when it is fine. */
export function cardProblems({ card, extendedSkills = [] }: AgentCardModuleOptions): string[] {
  const problems: string[] = [];
  for (const field of ['name', 'description', 'version'] as const) {
    if (typeof card[field] !== 'string' || card[field].trim() === '') problems.push(`card.${field} must be a non-empty string`);
  }
  if (card.supportedInterfaces.length === 0) problems.push('card.supportedInterfaces must name at least one interface');
  card.supportedInterfaces.forEach((entry, index) => {
    if (!URL.canParse(entry.url) || !/^https?:$/.test(new URL(entry.url).protocol)) {
      problems.push(`card.supportedInterfaces[${index}].url must be an absolute http(s) URL, got ${JSON.stringify(entry.url)}`);
    }
  });
  [...card.skills, ...extendedSkills].forEach((skill, index) => {
    if (typeof skill.id !== 'string' || skill.id === '') problems.push(`skill #${index + 1} (${JSON.stringify(skill.name)}) needs an id`);
  });
  const ids = [...card.skills, ...extendedSkills].map((skill) => skill.id);
  for (const id of new Set(ids.filter((id, index) => ids.indexOf(id) !== index))) problems.push(`skill id ${JSON.stringify(id)} is used twice`);
  return problems;
}
