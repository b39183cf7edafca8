import { SetMetadata } from '@nestjs/common';

/**
 * A class-or-handler decorator storing a requirement (`@Roles`, `@AllRoles`, `@Scopes`) under `key`. An empty list is
 * refused where it is applied: it would read as no requirement at all and admit any principal.
 * @param decorator the decorator's name for the message, such as `@Roles()`.
 * @param noun what the list holds, for the message: `role` or `scope`.
 * @throws Error naming the decorator and the class or handler it was put on, when `list` is empty.
 */
export function requirementDecorator(
  decorator: string,
  noun: string,
  key: string,
  list: readonly string[],
  value: unknown,
): MethodDecorator & ClassDecorator {
  const store = SetMetadata(key, value) as (target: object, property?: string | symbol, descriptor?: PropertyDescriptor) => unknown;
  return (target: object, property?: string | symbol, descriptor?: PropertyDescriptor): void => {
    if (list.length === 0) {
      throw new Error(
        `${decorator} on ${decoratedName(target, property)} names no ${noun}: list at least one (an empty list would admit any principal)`,
      );
    }
    store(target, property, descriptor);
  };
}

/** `Class` for a class decorator, `Class.handler` for a method decorator (whose target is the prototype). */
function decoratedName(target: object, property: string | symbol | undefined): string {
  if (property === undefined) return (target as { name?: string }).name ?? 'a class';
  return `${(target as { constructor?: { name?: string } }).constructor?.name ?? 'a class'}.${String(property)}`;
}
