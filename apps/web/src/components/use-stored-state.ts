/** State remembered in this browser (localStorage) under a key, e.g. a table's chosen columns. */
import { useEffect, useState } from 'react';

export function useStoredState<T>(key: string, initial: T): [T, (next: T | ((previous: T) => T)) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const stored = localStorage.getItem(key);
      return stored === null ? initial : (JSON.parse(stored) as T);
    } catch {
      // Unreadable (hand-edited, or storage disabled): start from the default.
      return initial;
    }
  });
  useEffect(() => {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or disabled: the choice lasts for this page only.
    }
  }, [key, value]);
  return [value, setValue];
}
