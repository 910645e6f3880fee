/**
 * The personal-data check for imported data sets (R3: only synthetic or de-identified data may
 * enter the range). Flags cells that look like e-mail addresses, Japanese or international
 * phone numbers, My Number (individual number, with its check digit), postal codes followed by
 * an address, IPv4 addresses of hosts, and columns whose names say they hold personal data.
 * A flag is a prompt for a person to look, not proof. Pure: no I/O.
 * @module
 */

export interface PiiFinding {
  kind: 'email' | 'phone' | 'my_number' | 'postal_address' | 'ip_address' | 'personal_column';
  row: number;
  column: string;
  /** The matched text, partly masked so the finding itself does not spread the data. */
  sample: string;
}

const PERSONAL_COLUMN =
  /^(name|full_?name|first_?name|last_?name|surname|e-?mail|mail|phone|tel|mobile|address|birth(day|date)?|dob|age|gender|sex|patient|employee(_?id)?|customer(_?id)?|氏名|名前|姓|名|住所|電話|携帯|生年月日|年齢|性別|メール|社員番号|顧客番号|患者)$/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const PHONE = /(?:\+81[-\s]?|0)\d{1,4}[-\s(]?\d{1,4}[-\s)]?\d{3,4}(?!\d)/;
const MY_NUMBER = /(?<!\d)\d{4}[-\s]?\d{4}[-\s]?\d{4}(?!\d)/;
const POSTAL_ADDRESS = /〒?\s?\d{3}-\d{4}\s*\S*(都|道|府|県|市|区|町|村)/;
const IPV4 = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.])/;

function mask(text: string): string {
  if (text.length <= 4) return '*'.repeat(text.length);
  return `${text.slice(0, 2)}${'*'.repeat(Math.min(12, text.length - 4))}${text.slice(-2)}`;
}

/** My Number check digit (番号法施行規則 第5条). */
export function isValidMyNumber(digits: string): boolean {
  if (!/^\d{12}$/.test(digits)) return false;
  const body = digits.slice(0, 11).split('').reverse().map(Number);
  const sum = body.reduce((total, digit, index) => total + digit * (index < 6 ? index + 2 : index - 4), 0);
  const remainder = sum % 11;
  const check = remainder <= 1 ? 0 : 11 - remainder;
  return check === Number(digits[11]);
}

/**
 * Checks a table (header + rows). Stops after `maxFindings` so a file full of personal data
 * is reported quickly.
 */
export function findPersonalData(
  header: readonly string[],
  rows: Iterable<readonly string[]>,
  maxFindings = 50,
): PiiFinding[] {
  const findings: PiiFinding[] = [];
  for (const column of header) {
    if (PERSONAL_COLUMN.test(column.trim())) findings.push({ kind: 'personal_column', row: 0, column, sample: column });
  }
  let rowNumber = 0;
  for (const row of rows) {
    rowNumber += 1;
    for (const [index, cell] of row.entries()) {
      if (findings.length >= maxFindings) return findings;
      // Plain numbers (measurements) are never personal data on their own.
      if (cell === '' || /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(cell)) {
        if (/^\d{12}$/.test(cell) && isValidMyNumber(cell))
          findings.push({
            kind: 'my_number',
            row: rowNumber,
            column: header[index] ?? String(index),
            sample: mask(cell),
          });
        continue;
      }
      const column = header[index] ?? String(index);
      const email = EMAIL.exec(cell);
      if (email) {
        findings.push({ kind: 'email', row: rowNumber, column, sample: mask(email[0]) });
        continue;
      }
      const myNumber = MY_NUMBER.exec(cell);
      if (myNumber && isValidMyNumber(myNumber[0].replace(/\D/g, ''))) {
        findings.push({ kind: 'my_number', row: rowNumber, column, sample: mask(myNumber[0]) });
        continue;
      }
      const postal = POSTAL_ADDRESS.exec(cell);
      if (postal) {
        findings.push({ kind: 'postal_address', row: rowNumber, column, sample: mask(postal[0]) });
        continue;
      }
      const phone = PHONE.exec(cell);
      if (phone && !/^\d{4}-\d{2}-\d{2}/.test(cell)) {
        findings.push({ kind: 'phone', row: rowNumber, column, sample: mask(phone[0]) });
        continue;
      }
      const ip = IPV4.exec(cell);
      if (ip) findings.push({ kind: 'ip_address', row: rowNumber, column, sample: mask(ip[0]) });
    }
  }
  return findings;
}
