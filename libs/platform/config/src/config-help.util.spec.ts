import { baseConfigSchema } from './common-config.schema';
import { renderConfigHelp } from './config-help.util';

describe('renderConfigHelp', () => {
  it('lists every variable with its default, requirement and secrecy', () => {
    const help = renderConfigHelp('router', baseConfigSchema);
    expect(help).toMatch(/KAFKA_BROKERS\s+Comma-separated Kafka bootstrap brokers, host:port \[required\]/);
    expect(help).toMatch(/HTTP_PORT\s+Port of the HTTP server \[default 3000\]/);
    expect(help).toMatch(/KAFKA_SASL_PASSWORD\s+SASL password \[optional, secret\]/);
  });
});
