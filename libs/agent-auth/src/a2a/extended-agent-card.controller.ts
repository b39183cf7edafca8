import { Controller, Get, Header, Inject, type Type } from '@nestjs/common';
import { UseAuth } from '../decorators/use-auth.decorator.js';
import { AgentCards } from './agent-cards.service.js';

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
