/**
 * What the migration report reads: the journeys of an archive (from their raw records, so
 * nothing is lost) or of journey files.
 *
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fromEntity } from '@customer-journey/client';
import { expandJourneyFiles, journeyLabel, loadJourneyFiles } from '../load.js';
import { ArchiveError, MANIFEST_FILE, openArchive, PROGRESS_FILE } from './manifest.js';
import { statusText } from './readme.js';
import type { ReportInput } from './report-model.js';

/**
 * The journeys of one archive: each readable record parsed from its raw copy (checked against the
 * manifest's checksum first), each unreadable one with the reason it was archived with.
 *
 * @throws {@link ArchiveError} for a folder that is not a complete archive or a changed raw file.
 */
export async function archiveInputs(dir: string, label: string): Promise<ReportInput[]> {
  const manifest = await openArchive(dir, label);
  const inputs: ReportInput[] = [];
  for (const journey of manifest.journeys) {
    const base = { id: journey.id, name: journey.name, status: journey.status ?? (journey.statusCode === null ? null : statusText(journey)), source: join(label, journey.files.raw) };
    if (!journey.readable) {
      inputs.push({ ...base, reason: journey.reason ?? 'the codec could not read the record' });
      continue;
    }
    try {
      const entity = JSON.parse(await readFile(join(dir, journey.files.raw), 'utf8')) as Record<string, unknown>;
      inputs.push({ ...base, tree: fromEntity(entity) });
    } catch (error) {
      inputs.push({ ...base, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return inputs;
}

/** Whether a path is a folder holding an archive, finished or not. */
async function looksLikeArchive(path: string): Promise<boolean> {
  for (const name of [MANIFEST_FILE, PROGRESS_FILE]) {
    try {
      await stat(join(path, name));
      return true;
    } catch {
      // not there
    }
  }
  return false;
}

/**
 * The journeys of the inputs of `journey migrate-report`: archive folders (one with an
 * `archive.json`, or an interrupted one, which is refused), and journey files or folders of them.
 *
 * @param inputs - paths as the user gave them
 * @param cwd - where relative paths start
 * @example
 * ```ts
 * const inputs = await reportInputs(['journeys-archive'], process.cwd());
 * ```
 */
export async function reportInputs(inputs: readonly string[], cwd: string): Promise<ReportInput[]> {
  if (inputs.length === 0) throw new ArchiveError('give an archive folder or journey files');
  const out: ReportInput[] = [];
  const files: string[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    let isDir = false;
    try {
      isDir = (await stat(path)).isDirectory();
    } catch {
      throw new ArchiveError(`${input}: no such file or folder`);
    }
    if (isDir && (await looksLikeArchive(path))) out.push(...(await archiveInputs(path, input)));
    else files.push(input);
  }
  // Every file through one loader, so shared modules load once however many files there are.
  for (const loaded of await loadJourneyFiles(await expandJourneyFiles(files, cwd), { cwd })) {
    const { tree } = loaded;
    out.push({ id: tree.settings.recordId ?? null, name: tree.settings.name, status: tree.settings.status ?? null, source: journeyLabel(loaded), tree });
  }
  return out;
}
