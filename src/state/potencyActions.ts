/** Known potencies from a `clone,potency` CSV: applied to matching clones, problems reported by line. */
import { matchPotencies, parsePotencyCsv } from '../core/naming/potencyCsv';
import { useExperiments } from './experimentStore';
import { errorText, useMessages } from './messageStore';

export async function importPotencyCsv(file: File): Promise<void> {
  const messages = useMessages.getState();
  const store = useExperiments.getState();
  try {
    const table = parsePotencyCsv(await file.text());
    const match = matchPotencies(table.rows, store.clones.map((c) => c.id));
    for (const row of match.assigned) await store.editClone(row.clone, { potency: row.potency });
    const notes: string[] = [];
    if (table.problems.length > 0) notes.push(...table.problems.map((p) => `• ${p.message}`)); // each message starts with "line N:"
    if (match.unknown.length > 0) notes.push(`• clones not in this experiment (ignored): ${match.unknown.join(', ')}`);
    messages.push(
      notes.length > 0 ? 'warning' : 'info',
      `${file.name}: potency set for ${match.assigned.length} clone${match.assigned.length === 1 ? '' : 's'}.${notes.length ? `\n${notes.join('\n')}` : ''}`,
    );
  } catch (err) {
    messages.push('error', `${file.name}: ${errorText(err)}`);
  }
}
