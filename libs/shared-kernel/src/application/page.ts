/** Which slice of a list to return; `limit` 1-1000, `offset` from 0. */
export interface PageRequest {
  limit: number;
  offset: number;
}

/** One slice of a list, with the size of the whole list (every list route answers this shape). */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
