import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { loadConsoleAssets, type ConsoleAsset } from './console-assets';

/**
 * Nothing but this origin: the page loads its own script and style, talks to this API only, and
 * may not be framed (the key it holds must not be clicked away from under the operator).
 */
export const CONSOLE_CSP = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

/**
 * The operator console: a page and its script and style, served without a key. The page asks for
 * the key and sends it with each queue API call, so everything it shows is as guarded as the API.
 */
@Controller('console')
export class ConsoleController {
  private readonly assets = loadConsoleAssets();

  @Get()
  page(@Res() response: Response): void {
    this.send(response, this.asset('console.html'));
  }

  @Get('assets/:name')
  file(@Param('name') name: string, @Res() response: Response): void {
    if (name === 'console.html') throw new NotFoundException(`no console asset ${name.slice(0, 64)}`);
    this.send(response, this.asset(name));
  }

  private asset(name: string): ConsoleAsset {
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException(`no console asset ${name.slice(0, 64)}`);
    return asset;
  }

  private send(response: Response, asset: ConsoleAsset): void {
    response
      .status(200)
      .set({
        'Content-Type': asset.contentType,
        'Content-Security-Policy': CONSOLE_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        // Revalidated on every load, so a new router version's console is never mixed with an old one's.
        'Cache-Control': 'no-cache',
      })
      .send(asset.body);
  }
}
