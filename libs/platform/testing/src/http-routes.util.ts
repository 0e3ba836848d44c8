import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { BodyLimit } from '@tributary/platform-app';

/** One route an app serves, as its HTTP server routes it. */
export interface HttpRoute {
  readonly method: string;
  /** Express's pattern, e.g. `/v1/tickets/:ticketId`. */
  readonly path: string;
  /** The body limit a Nest route reads with (its @BodyLimit or the app's default); undefined for routes outside Nest (e.g. Swagger's). */
  readonly bodyLimitBytes: number | undefined;
}

interface ExpressLayer {
  readonly route?: { readonly path: string | string[]; readonly methods: Record<string, boolean> };
}

/**
 * Every route of a booted app, read from the app itself rather than a list that can go stale: the
 * paths and methods its Express router holds (Nest's controllers and anything mounted beside them,
 * such as the OpenAPI pages), each Nest route with the body limit its handler declares.
 */
export function listHttpRoutes(app: INestApplication, defaultBodyLimitBytes: number): HttpRoute[] {
  const instance = app.getHttpAdapter().getInstance() as { router: { stack: readonly ExpressLayer[] } };
  const limits = nestRouteLimits(app, defaultBodyLimitBytes);
  return instance.router.stack.flatMap((layer) => {
    if (!layer.route) return [];
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    return Object.keys(layer.route.methods)
      .filter((method) => method !== '_all')
      .flatMap((method) => paths.map((path) => ({ method: method.toUpperCase(), path, bodyLimitBytes: limits.get(`${method.toUpperCase()} ${path}`) })));
  });
}

/** `METHOD /path` of every Nest controller route, with the body limit its handler reads with. */
function nestRouteLimits(app: INestApplication, defaultBodyLimitBytes: number): Map<string, number> {
  const reflector = app.get(Reflector);
  const limits = new Map<string, number>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const limit = reflector.getAllAndOverride(BodyLimit, [handler as (...args: unknown[]) => unknown, controller]) ?? defaultBodyLimitBytes;
        for (const path of joinPaths(Reflect.getMetadata(PATH_METADATA, controller), Reflect.getMetadata(PATH_METADATA, handler))) {
          limits.set(`${RequestMethod[method]} ${path}`, limit);
        }
      }
    }
  }
  return limits;
}

function joinPaths(controllerPaths: unknown, handlerPaths: unknown): string[] {
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [typeof value === 'string' ? value : '']);
  return list(controllerPaths).flatMap((prefix) =>
    list(handlerPaths).map((path) => `/${[prefix, path].map((part) => part.replace(/^\/+|\/+$/g, '')).filter((part) => part.length > 0).join('/')}`),
  );
}
