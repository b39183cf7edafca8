import { Controller, Get, Header, Inject, type Type } from '@nestjs/common';
import { Public } from '../decorators/public.decorator.js';
import { UseAuth } from '../decorators/use-auth.decorator.js';
import { AgentCards } from './agent-cards.service.js';

/** Serves the public card at its well-known URI (RFC 8615, A2A §8.2), to anyone, cacheable for five minutes. */
@Public()
@Controller('.well-known')
export class AgentCardController {
  constructor(@Inject(AgentCards) private readonly cards: AgentCards) {}

  @Get('agent-card.json')
  @Header('Cache-Control', 'public, max-age=300')
  card() {
    return this.cards.public;
  }
}

/**
 * The controller of the extended card at `path`: any authenticated caller (the module's default strategies, even
 * under `defaultPrivate: false`), never cached by a shared cache.
 */
export function extendedAgentCardController(path: string): Type {
  @Controller()
  class ExtendedAgentCardController {
    constructor(@Inject(AgentCards) private readonly cards: AgentCards) {}

    @UseAuth()
    @Get(path)
    @Header('Cache-Control', 'private, no-store')
    card() {
      return this.cards.extended;
    }
  }
  return ExtendedAgentCardController;
}
