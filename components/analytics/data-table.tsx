import { Table, TableScrollContainer, TableTbody, TableTd, TableTh, TableThead, TableTr, Text } from '@mantine/core';
import { formatValue, type ValueFormat } from './format';

export interface Column {
  key: string;
  label: string;
  format?: ValueFormat;
}

/** The numbers behind a chart, as a table (readable without the chart, and by screen readers). */
export function DataTable({
  label,
  columns,
  rows,
  maxHeight = 320,
}: {
  label: string;
  columns: Column[];
  rows: Record<string, unknown>[];
  maxHeight?: number;
}) {
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" role="status">
        No data in this range.
      </Text>
    );
  }
  return (
    <TableScrollContainer
      minWidth={columns.length * 110}
      maxHeight={maxHeight}
      // the scrolling element holds no link or button: without a tab stop a keyboard user could not
      // scroll it (axe: scrollable-region-focusable); named so a screen reader says what it is
      scrollAreaProps={{ viewportProps: { tabIndex: 0, role: 'region', 'aria-label': label } }}
    >
      <Table striped highlightOnHover stickyHeader verticalSpacing={4} fz="sm" aria-label={label}>
        <TableThead>
          <TableTr>
            {columns.map((c) => (
              <TableTh key={c.key} ta={c.format === 'text' ? 'left' : 'right'}>
                {c.label}
              </TableTh>
            ))}
          </TableTr>
        </TableThead>
        <TableTbody>
          {rows.map((row, i) => (
            <TableTr key={i}>
              {columns.map((c) => (
                <TableTd key={c.key} ta={c.format === 'text' ? 'left' : 'right'}>
                  {formatValue(row[c.key], c.format)}
                </TableTd>
              ))}
            </TableTr>
          ))}
        </TableTbody>
      </Table>
    </TableScrollContainer>
  );
}
