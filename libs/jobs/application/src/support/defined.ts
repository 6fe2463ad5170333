/** The members of `value` that are not undefined: a member left out must not replace a copied one. */
export function definedMembers<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as Partial<T>;
}
