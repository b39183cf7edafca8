import { Controller, Get } from '@nestjs/common';

/** Liveness probe; public through the `GET /health` pattern of the demo's options. */
@Controller('health')
export class HealthController {
  @Get()
  check(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
