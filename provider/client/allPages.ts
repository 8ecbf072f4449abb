/**
 * Every item of a paged list (page 1 first, as the client numbers pages for
 * every group), until a page comes back empty or `total_count` items were seen.
 */
export async function allPages<T>(
  fetchPage: (page: number) => Promise<{ data: T[]; total_count: number }>,
): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page++) {
    const { data, total_count } = await fetchPage(page);
    all.push(...data);
    if (data.length === 0 || all.length >= total_count) return all;
  }
}
