import { useState } from 'preact/hooks';

/**
 * Paging over an API's nextToken: tokens of the pages seen so far are kept, so "Previous" is
 * exact and nothing but the current page is ever in memory.
 */
export function usePaging() {
  const [tokens, setTokens] = useState<Array<string | undefined>>([undefined]);
  const index = tokens.length - 1;
  return {
    token: tokens[index],
    pageNumber: index + 1,
    next: (nextToken: string) => setTokens([...tokens, nextToken]),
    previous: () => setTokens(tokens.slice(0, -1)),
    reset: () => setTokens([undefined]),
  };
}

export function Pager(props: { label: string; pageNumber: number; nextToken: string | undefined; onNext(token: string): void; onPrevious(): void; busy: boolean }) {
  const { label, pageNumber, nextToken, onNext, onPrevious, busy } = props;
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={onPrevious} disabled={pageNumber <= 1 || busy}>
        Previous page
      </button>
      <span aria-live="polite">Page {pageNumber}</span>
      <button type="button" onClick={() => nextToken && onNext(nextToken)} disabled={!nextToken || busy}>
        Next page
      </button>
    </nav>
  );
}

export const PAGE_SIZES = [25, 50, 100, 250] as const;

export function PageSizeSelect({ id, value, onChange }: { id: string; value: number; onChange(size: number): void }) {
  return (
    <label for={id}>
      Per page
      <select id={id} value={value} onChange={(e) => onChange(Number((e.target as HTMLSelectElement).value))}>
        {PAGE_SIZES.map((size) => (
          <option value={size}>{size}</option>
        ))}
      </select>
    </label>
  );
}
