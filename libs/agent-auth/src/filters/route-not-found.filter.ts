import { Catch, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

/**
 * Answers a request no route matches like Nest does (404 `Cannot GET /path`), but without the query string, which
 * Nest's message echoes whole (`Cannot GET /x?token=eyJ…`): a credential sent to a mistyped URL never comes back in
 * a body. Every other exception, and every other 404, is answered as Nest would.
 * @example app.useGlobalFilters(new RouteNotFoundFilter(app.get(HttpAdapterHost).httpAdapter))
 * @example providers: [{ provide: APP_FILTER, useClass: RouteNotFoundFilter }]
 */
@Catch(NotFoundException)
export class RouteNotFoundFilter extends BaseExceptionFilter {
  override catch(exception: NotFoundException, host: ArgumentsHost): void {
    super.catch(
      host.getType() === 'http' ? withoutQuery(exception, host, this.httpAdapterHost?.httpAdapter ?? this.applicationRef) : exception,
      host,
    );
  }
}

/** Nest's "no route" exception, its URL cut at the query string; any other exception as it is. */
function withoutQuery(exception: NotFoundException, host: ArgumentsHost, adapter: BaseExceptionFilter['applicationRef']): NotFoundException {
  if (adapter === undefined) return exception;
  const request: unknown = host.switchToHttp().getRequest();
  const method = String(adapter.getRequestMethod?.(request));
  const url = String(adapter.getRequestUrl?.(request));
  const query = url.indexOf('?');
  if (query === -1 || exception.message !== `Cannot ${method} ${url}`) return exception;
  return new NotFoundException(`Cannot ${method} ${url.slice(0, query)}`);
}
