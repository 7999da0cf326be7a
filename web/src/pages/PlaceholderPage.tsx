/** A console page that a later version fills in; its route already opens. */
export function PlaceholderPage({ title }: { title: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p>
        This page is not part of the console yet. The GraphQL API at /graphql and the REST API at /api/v1
        offer it.
      </p>
    </>
  );
}
