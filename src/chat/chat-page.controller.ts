import { Controller, Get, Header } from '@nestjs/common';
import { Public } from 'nest-agent-auth';
import { CHAT_PAGE } from './chat-page.js';

/** `GET /chat`: the chat page, public (it asks `GET /auth/session` who is signed in). */
@Controller('chat')
export class ChatPageController {
  @Public()
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'")
  page(): string {
    return CHAT_PAGE;
  }
}
