// webpack's callback API as a promise, for the tests that bundle with it.
import webpack from 'webpack';

export function webpackRun(config: webpack.Configuration): Promise<webpack.Stats> {
  return new Promise((resolve, reject) => webpack(config, (err, st) => (err ? reject(err) : resolve(st!))));
}
