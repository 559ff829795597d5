import { Button } from '@fluentui/react-components';
import { useEffect } from 'react';
import { mountPage } from '../shared/AppRoot';
import { markOnce } from '../shared/perf';

/** The benchmark's baseline: the cheapest page built the same way, rendering one Fluent button. */
function BenchButton() {
  useEffect(() => markOnce('button-rendered'), []);
  return <Button appearance="primary">On it</Button>;
}

markOnce('button-script');
mountPage(<BenchButton />);
