import { describe, expect, it } from 'vitest';
import { csvLine, EXPORT_COLUMNS } from '../../../cli/commands/subscribers/export.ts';
import { csvRows } from '../../../cli/commands/subscribers/import.ts';
import { CliError } from '../../../cli/local/cli-error.ts';
import { newSubscriber } from '../../../lambda/subscribers/new-subscriber.ts';

const rows = (text: string) => csvRows('readers.csv', Buffer.from(text, 'utf8'));

describe('csvRows (braid subscribers import)', () => {
  it('maps columns by header and numbers rows by the line they start on', () => {
    const text = [
      '\ufeffName,Email,Notes',
      'Ada,ada@example.com,first',
      '"Lovelace, Ada",ada2@example.com,"two',
      'lines"',
      '',
      'Grace,grace@example.com',
    ].join('\r\n');
    expect(rows(text)).toEqual([
      { line: 2, email: 'ada@example.com', name: 'Ada' },
      { line: 3, email: 'ada2@example.com', name: 'Lovelace, Ada' },
      { line: 6, email: 'grace@example.com', name: 'Grace' },
    ]);
  });

  it('counts LF-only files the same way, and works without a name column', () => {
    expect(rows('EMAIL\n\n\nada@example.com\n"x@example.com"\n')).toEqual([
      { line: 4, email: 'ada@example.com', name: undefined },
      { line: 5, email: 'x@example.com', name: undefined },
    ]);
  });

  it('refuses a file without an email column or with a broken quote, naming the file', () => {
    expect(() => rows('name,address\nAda,ada@example.com\n')).toThrow(CliError);
    expect(() => rows('name,address\n')).toThrow(
      /readers\.csv: expected a header row with an "email" column/,
    );
    expect(() => rows('')).toThrow(/readers\.csv: .*an empty file/);
    expect(() => rows('email\n"ada@example.com\n')).toThrow(
      /readers\.csv: not a readable CSV file \(.*Quote Not Closed/,
    );
  });
});

describe('csvLine (braid subscribers export)', () => {
  const at = new Date('2026-12-01T10:00:00Z');

  it('writes the columns in order, quoting what needs it', () => {
    const subscriber = newSubscriber({
      email: 'ada@example.com',
      name: 'Lovelace, "Ada"',
      status: 'confirmed',
      at,
      consent: { source: 'cli', text: 'Asked, in person.', version: 'cli-1' },
    });
    expect(EXPORT_COLUMNS.join(',')).toBe(
      'email,name,status,created,confirmed_at,consent_at,consent_source,consent_version,consent_text,consent_signed_up_at,consent_client_hash,unsubscribed_at,status_reason',
    );
    expect(csvLine(subscriber)).toBe(
      'ada@example.com,"Lovelace, ""Ada""",confirmed,2026-12-01T10:00:00.000Z,2026-12-01T10:00:00.000Z,2026-12-01T10:00:00.000Z,cli,cli-1,"Asked, in person.",,,,',
    );
  });

  it('leaves empty fields for a pending subscriber and defuses formula-like names', () => {
    const subscriber = newSubscriber({
      email: 'x@example.com',
      name: '=HYPERLINK("http://evil.example")',
      status: 'pending',
      at,
    });
    expect(csvLine(subscriber)).toBe(
      `x@example.com,"'=HYPERLINK(""http://evil.example"")",pending,2026-12-01T10:00:00.000Z,,,,,,,,,`,
    );
  });
});
