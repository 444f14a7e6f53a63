/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Offer content and search, handed over by the Fastify server for every request. */
    catalogue: import('./lib/catalogue.ts').Catalogue;
  }
}
