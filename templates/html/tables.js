/* Sorting and filtering of the report's tables: a progressive enhancement, the page reads in full
   without it. Inlined into the page, allowed by the Content-Security-Policy through its sha256
   hash (lib/compose/html.ts). Numbers are read back from the cells in the page's language. */
(() => {
  const root = document.documentElement;
  const lang = root.lang || 'en';
  const part = new Intl.NumberFormat(lang).formatToParts(1.5).find((p) => p.type === 'decimal');
  const decimal = part ? part.value : '.';
  const collator = new Intl.Collator(lang, { numeric: true, sensitivity: 'base' });
  const labels = document.body.dataset;
  const FILTER_FROM = 8;

  const number = (text) => {
    let digits = '';
    for (const c of text) {
      if (c >= '0' && c <= '9') digits += c;
      else if (c === decimal) digits += '.';
      else if ((c === '-' || c === '\u2212') && digits === '') digits += '-';
    }
    const value = Number.parseFloat(digits);
    return Number.isNaN(value) ? null : value;
  };

  const compare = (numeric, a, b) => {
    if (!numeric) return collator.compare(a, b);
    const x = number(a);
    const y = number(b);
    if (x === null || y === null) return (x === null) - (y === null);
    return x - y;
  };

  const sortBy = (table, index, header) => {
    const descending = header.getAttribute('aria-sort') === 'ascending';
    for (const th of table.tHead.rows[0].cells) th.removeAttribute('aria-sort');
    header.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    const numeric = header.classList.contains('num');
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const text = (row) => (row.cells[index] ? row.cells[index].textContent.trim() : '');
    rows.sort((r, s) => (descending ? -1 : 1) * compare(numeric, text(r), text(s)));
    body.append(...rows);
  };

  const addFilter = (table, box) => {
    const rows = Array.from(table.tBodies[0].rows);
    const field = document.createElement('p');
    field.className = 'table-filter';
    const label = document.createElement('label');
    const input = document.createElement('input');
    const count = document.createElement('output');
    input.type = 'search';
    input.id = `${table.id}-filter`;
    label.htmlFor = input.id;
    label.textContent = labels.filterLabel;
    count.setAttribute('aria-live', 'polite');
    const show = () => {
      const query = input.value.trim().toLocaleLowerCase(lang);
      let shown = 0;
      for (const row of rows) {
        row.hidden = query !== '' && !row.textContent.toLocaleLowerCase(lang).includes(query);
        if (!row.hidden) shown++;
      }
      count.textContent = `${shown} / ${rows.length} ${labels.rowsShown}`;
    };
    input.addEventListener('input', show);
    field.append(label, input, count);
    box.before(field);
    show();
  };

  for (const table of document.querySelectorAll('table.data')) {
    if (!table.tHead || table.tBodies.length !== 1) continue;
    Array.from(table.tHead.rows[0].cells).forEach((header, index) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.append(...header.childNodes);
      button.addEventListener('click', () => sortBy(table, index, header));
      header.append(button);
    });
    const box = table.closest('.table-scroll') || table;
    if (table.tBodies[0].rows.length >= FILTER_FROM) addFilter(table, box);
  }
})();
