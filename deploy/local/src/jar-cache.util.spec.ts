import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { jarSetDir, jarSetVersion, pomProperty } from './jar-cache.util';
import { StackError, StackErrorCode } from './stack.error';

describe('pomProperty', () => {
  it('reads a version property, ignoring surrounding whitespace', () => {
    const pom = '<properties>\n  <kafka.version> 4.1.1 </kafka.version>\n  <kafka_version>9</kafka_version>\n</properties>';
    expect(pomProperty(pom, 'kafka.version')).toBe('4.1.1');
  });

  it('names the missing property', () => {
    const attempt = (): string => pomProperty('<properties/>', 'greenmail.version');
    expect(attempt).toThrow(new StackError(StackErrorCode.InvalidConfig, 'pom.xml has no <greenmail.version> property'));
    expect(attempt).toThrow(StackError);
  });

  it('finds both versions in the real pom, which name the jar cache folders', () => {
    const pom = readFileSync(join(__dirname, '..', 'jars', 'pom.xml'), 'utf8');
    expect(pomProperty(pom, 'kafka.version')).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pomProperty(pom, 'greenmail.version')).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("fetches Kafka's tools at the broker's version, into a folder of their own", () => {
    expect(jarSetVersion('kafka-tools')).toBe(jarSetVersion('kafka'));
    expect(basename(jarSetDir('kafka-tools'))).toBe(`kafka-tools-${jarSetVersion('kafka')}`);
    expect(basename(jarSetDir('kafka'))).toBe(`kafka-${jarSetVersion('kafka')}`);
  });
});
