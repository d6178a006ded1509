'use client';

import { Autocomplete, Button, Group, Select, SimpleGrid, Stack, Tabs, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { FormStatus } from '@/components/dashboard/form-status';
import { SafeMarkdown } from '@/components/markdown/safe-markdown';
import { useFormAction } from '@/components/ui/use-form-action';
import { saveArticle } from '@/lib/dashboard/actions/articles';
import { slugify } from '@/lib/knowledge/slug';
import { ARTICLE_LANGUAGE_LABELS, ARTICLE_LANGUAGES, ARTICLE_SLUG, type ArticleLanguage } from '@/lib/validation';

export interface EditorArticle {
  id?: string;
  title: string;
  slug: string;
  body: string;
  collection: string | null;
  tags: string[];
  language: string;
}

/**
 * Title, slug (follows the title until edited by hand), collection, tags, language and the
 * Markdown body with a preview rendered exactly as visitors will see it (SafeMarkdown).
 */
export function ArticleEditor({
  orgSlug,
  article,
  collections,
  tags: knownTags,
  readOnly,
}: {
  orgSlug: string;
  article: EditorArticle;
  collections: string[];
  tags: string[];
  readOnly: boolean;
}) {
  const { state, pending, formProps } = useFormAction(saveArticle);
  const [title, setTitle] = useState(article.title);
  const [slug, setSlug] = useState(article.slug);
  const [slugEdited, setSlugEdited] = useState(Boolean(article.id));
  const [body, setBody] = useState(article.body);
  const [tags, setTags] = useState(article.tags);
  const [language, setLanguage] = useState<string>(article.language);
  const e = state.fieldErrors ?? {};
  const slugProblem = slug && !ARTICLE_SLUG.test(slug) ? 'Lower-case letters, digits and dashes, not starting or ending with a dash' : undefined;

  return (
    <form {...formProps} aria-label="Article" noValidate>
      <Stack gap="md">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="id" value={article.id ?? ''} />
        <input type="hidden" name="tags" value={tags.join(',')} />
        <TextInput
          name="title"
          label="Title"
          required
          value={title}
          maxLength={300}
          readOnly={readOnly}
          error={e.title?.[0]}
          onChange={(event) => {
            const next = event.currentTarget.value;
            setTitle(next);
            if (!slugEdited) setSlug(slugify(next));
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            name="slug"
            label="Slug"
            description="The article's address; made from the title until you change it."
            required
            value={slug}
            maxLength={120}
            readOnly={readOnly}
            error={e.slug?.[0] ?? slugProblem}
            onChange={(event) => {
              setSlugEdited(true);
              setSlug(event.currentTarget.value.toLowerCase());
            }}
            ff="monospace"
          />
          <Autocomplete
            name="collection"
            label="Collection"
            description="The help-center section; empty lists it under General."
            defaultValue={article.collection ?? ''}
            data={collections}
            maxLength={80}
            readOnly={readOnly}
            error={e.collection?.[0]}
          />
          <TagsInput
            label="Tags"
            description="Press Enter after each tag."
            value={tags}
            onChange={setTags}
            data={knownTags}
            maxTags={20}
            readOnly={readOnly}
            error={e.tags?.[0]}
            clearable={!readOnly}
          />
          <Select
            name="language"
            label="Language"
            data={ARTICLE_LANGUAGES.map((l: ArticleLanguage) => ({ value: l, label: ARTICLE_LANGUAGE_LABELS[l] }))}
            value={language}
            onChange={(v) => v && setLanguage(v)}
            allowDeselect={false}
            readOnly={readOnly}
            error={e.language?.[0]}
          />
        </SimpleGrid>
        <Tabs defaultValue="write" keepMounted>
          <Tabs.List aria-label="Body">
            <Tabs.Tab value="write">Write</Tabs.Tab>
            <Tabs.Tab value="preview">Preview</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="write" pt="sm">
            <Textarea
              name="body"
              label="Body (Markdown)"
              description="Headings (#), lists, links, tables and code. Raw HTML is not shown to visitors."
              value={body}
              onChange={(event) => setBody(event.currentTarget.value)}
              autosize
              minRows={14}
              maxRows={40}
              readOnly={readOnly}
              error={e.body?.[0]}
              ff="monospace"
            />
          </Tabs.Panel>
          <Tabs.Panel value="preview" pt="sm" data-testid="article-preview">
            {body.trim() ? (
              <SafeMarkdown label="Preview">{body}</SafeMarkdown>
            ) : (
              <Text c="dimmed" size="sm">
                Nothing to preview yet.
              </Text>
            )}
          </Tabs.Panel>
        </Tabs>
        {!readOnly && (
          <Group justify="space-between">
            <FormStatus state={state} />
            <Button type="submit" loading={pending}>
              {article.id ? 'Save' : 'Create draft'}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
