export function App() {
  return (
    <main>
      <h1>Stepgraph</h1>
    </main>
  );
}
